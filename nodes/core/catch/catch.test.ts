import type { Flow } from '@millwright/model';
import { runFlow, type FlowHarness } from '@millwright/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import change from '../change/index.js';
import catchNode from './index.js';

let h: FlowHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

// Two change nodes that fail on a string payload (they set payload.x); they stand for any failing node.
const failing = (id: string, name?: string) => ({
  id,
  type: 'change',
  typeVersion: 1,
  ...(name ? { name } : {}),
  config: { rules: [{ action: 'set', property: 'payload.x', value: '1' }] },
  position: { x: 0, y: 0 },
});
const catcher = (id: string, config: Record<string, unknown>) => ({
  id,
  type: 'catch',
  typeVersion: 1,
  config,
  position: { x: 0, y: 0 },
});
const start = async (catchers: Flow['nodes']) => {
  const flow: Flow = {
    version: 1,
    id: 'f',
    name: 'f',
    nodes: [failing('a', 'Scale A'), failing('b'), ...catchers],
    wires: [],
  };
  h = await runFlow(flow, [change, catchNode]);
  return h;
};

describe('catch node', () => {
  it('catches errors of every node in the flow with scope all, with the failed message and msg.error', async () => {
    const h = await start([catcher('c', {})]);
    h.send('a', { payload: 'bad', topic: 'line1' });
    h.send('b', { payload: 'worse' });
    const [first, second] = await h.waitForOutputs('c', 2);
    expect(first).toMatchObject({
      payload: 'bad',
      topic: 'line1',
      error: { code: 'path_not_object', nodeId: 'a', nodeType: 'change', nodeName: 'Scale A', kind: 'user' },
    });
    expect(first?.error?.message).toMatch(/cannot set "payload.x"/);
    // Node-RED's msg.error.source, for imported catch flows that route on it.
    expect(first?.error?.source).toEqual({ id: 'a', type: 'change', name: 'Scale A', count: 1 });
    expect(second).toMatchObject({ payload: 'worse', error: { nodeId: 'b', source: { id: 'b', count: 1 } } });
    expect(h.errors().map((e) => [e.nodeId, e.caught])).toEqual([
      ['a', true],
      ['b', true],
    ]);
  });

  it('only catches the selected nodes', async () => {
    const h = await start([catcher('c', { scope: 'selected', nodes: ['b'] })]);
    h.send('a', { payload: 'bad' });
    h.send('b', { payload: 'bad' });
    await h.idle();
    expect(h.outputs('c').map((m) => m.error?.nodeId)).toEqual(['b']);
    expect(h.errors().map((e) => [e.nodeId, e.caught])).toEqual([
      ['a', false],
      ['b', true],
    ]);
  });

  it('with uncaughtOnly, handles only errors no other catch node took', async () => {
    const h = await start([
      catcher('forA', { scope: 'selected', nodes: ['a'] }),
      catcher('rest', { uncaughtOnly: true }),
    ]);
    h.send('a', { payload: 'one' });
    h.send('b', { payload: 'two' });
    await h.idle();
    expect(h.outputs('forA').map((m) => m.payload)).toEqual(['one']);
    expect(h.outputs('rest').map((m) => m.payload)).toEqual(['two']);
  });

  it('gives every matching catch node its own copy', async () => {
    const h = await start([catcher('c1', {}), catcher('c2', { scope: 'selected', nodes: ['a'] })]);
    h.send('a', { payload: 'bad' });
    const [m1] = await h.waitForOutputs('c1', 1);
    const [m2] = await h.waitForOutputs('c2', 1);
    expect(m1?.payload).toBe('bad');
    expect(m2?.payload).toBe('bad');
    expect(m1?.id).not.toBe(m2?.id);
  });
});

describe('catch config', () => {
  it('parses {} as catch-all', () => {
    expect(catchNode.config.parse({})).toEqual({ scope: 'all', nodes: [], uncaughtOnly: false });
  });

  it('requires nodes when scope is selected', () => {
    const r = catchNode.config.safeParse({ scope: 'selected' });
    expect(r.error?.issues.map((i) => [i.path, i.message])).toEqual([
      [['nodes'], 'select at least one node when scope is "selected"'],
    ]);
    expect(catchNode.config.safeParse({ scope: 'everything' }).error?.issues[0]?.path).toEqual(['scope']);
  });
});
