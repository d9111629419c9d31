import { testNode } from '@millwright/sdk';
import { describe, expect, it } from 'vitest';
import subflowStatus, { statusOf } from './index.js';

describe('subflow-status node', () => {
  it('reads the status as Node-RED does: string text, status object, other values as text', () => {
    expect(statusOf('running')).toEqual({ text: 'running' });
    expect(statusOf({ fill: 'green', shape: 'dot', text: 'ok', extra: 1 })).toEqual({
      fill: 'green',
      shape: 'dot',
      text: 'ok',
    });
    expect(statusOf({})).toEqual({});
    expect(statusOf(20)).toEqual({ text: '20' });
    expect(statusOf({ a: 'x'.repeat(40) })).toEqual({ text: `{"a":"${'x'.repeat(26)}...` });
  });

  it('sets its status from msg.payload, else from msg.status', async () => {
    const h = await testNode(subflowStatus);
    h.input({ payload: 'first' });
    h.input({ payload: undefined, status: { fill: 'red', text: 'down' } } as never);
    await h.idle();
    await h.stop();
    expect(h.statuses().map((e) => e.status)).toEqual([{ text: 'first' }, { fill: 'red', text: 'down' }]);
  });
});
