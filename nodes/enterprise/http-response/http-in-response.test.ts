import type { Flow } from '@millwright/model';
import { runFlow, type FlowHarness } from '@millwright/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import httpIn from '../http-in/index.js';
import httpResponse from './index.js';

let h: FlowHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const flow: Flow = {
  version: 1,
  id: 'api',
  name: 'api',
  nodes: [
    {
      id: 'in',
      type: 'http-in',
      typeVersion: 1,
      config: { method: 'POST', path: '/orders' },
      position: { x: 0, y: 0 },
    },
    {
      id: 'out',
      type: 'http-response',
      typeVersion: 1,
      config: { statusCode: 202, headers: [{ name: 'X-Flow', value: 'api' }] },
      position: { x: 0, y: 0 },
    },
  ],
  wires: [{ from: { node: 'in', port: 0 }, to: { node: 'out', port: 0 } }],
};

describe('http-in and http-response nodes', () => {
  it('pass a delivered request through to an answer for its reply id', async () => {
    const answers: Array<[string, unknown]> = [];
    h = await runFlow(flow, [httpIn, httpResponse], { respond: (id, r) => answers.push([id, r]) });
    expect(h.statuses('in').at(-1)?.status?.text).toBe('POST /http/orders');
    h.send('in', {
      payload: { qty: 1 },
      req: { method: 'POST' },
      res: { id: 'r-1' },
      headers: { 'content-type': 'application/json' },
    });
    h.send('in', { payload: 'x', res: { id: 'r-2' }, statusCode: 409, cookies: { shift: 'late', old: null } });
    await h.idle();
    expect(answers).toEqual([
      [
        'r-1',
        { statusCode: 202, headers: { 'x-flow': 'api', 'content-type': 'application/json' }, payload: { qty: 1 } },
      ],
      ['r-2', { statusCode: 409, headers: { 'x-flow': 'api' }, cookies: { shift: 'late', old: null }, payload: 'x' }],
    ]);
  });

  it('reports a message without msg.res, and a runtime that cannot answer', async () => {
    h = await runFlow(flow, [httpIn, httpResponse], { respond: () => undefined });
    h.send('out', { payload: 1 });
    const e = (await h.waitForEvent((ev) => ev.type === 'error')) as { error: { code: string } };
    expect(e.error.code).toBe('http_no_request');
    await h.stop();
    h = await runFlow(flow, [httpIn, httpResponse]);
    expect(h.logs('in').some((l) => l.level === 'warn')).toBe(true);
    h.send('out', { payload: 1, res: { id: 'r' } });
    const e2 = (await h.waitForEvent((ev) => ev.type === 'error')) as { error: { code: string } };
    expect(e2.error.code).toBe('http_cannot_respond');
  });
});
