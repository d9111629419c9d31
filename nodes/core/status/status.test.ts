import type { Flow } from '@millwright/model';
import { defineNode, runFlow, type FlowHarness } from '@millwright/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import debug from '../debug/index.js';
import statusNode from './index.js';

let h: FlowHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** A node that sets its status to the incoming payload, or clears it for null. */
const reporter = defineNode({
  type: 'reporter',
  category: 'test',
  version: 1,
  description: 'sets its status from the payload',
  inputs: 1,
  outputs: [],
  config: z.object({}),
  setup: (ctx) => ({
    input: (msg) => ctx.status(msg.payload === null ? null : { fill: 'red', shape: 'ring', text: String(msg.payload) }),
  }),
});
const node = (id: string, type: string, config: Record<string, unknown> = {}, name?: string) => ({
  id,
  type,
  typeVersion: 1,
  ...(name ? { name } : {}),
  config,
  position: { x: 0, y: 0 },
});
const start = async (nodes: Flow['nodes']) => {
  h = await runFlow({ version: 1, id: 'f', name: 'f', nodes, wires: [] }, [debug, reporter, statusNode]);
  return h;
};

describe('status node', () => {
  it("sends another node's status with its source", async () => {
    const h = await start([node('dbg', 'debug', { statusText: true }, 'Oven temp'), node('s', 'status')]);
    h.send('dbg', { payload: 182.5 });
    const [msg] = await h.waitForOutputs('s', 1);
    expect(msg?.status).toEqual({
      fill: 'grey',
      shape: 'dot',
      text: '182.5',
      source: { id: 'dbg', type: 'debug', name: 'Oven temp' },
    });
    expect(msg?.payload).toBeUndefined();
  });

  it('reports a cleared status as empty text', async () => {
    const h = await start([node('r', 'reporter'), node('s', 'status')]);
    h.send('r', { payload: 'fault' });
    h.send('r', { payload: null });
    const outs = await h.waitForOutputs('s', 2);
    expect(outs.map((m) => m['status'])).toEqual([
      { fill: 'red', shape: 'ring', text: 'fault', source: { id: 'r', type: 'reporter', name: '' } },
      { text: '', source: { id: 'r', type: 'reporter', name: '' } },
    ]);
  });

  it('listens only to selected nodes, and never to itself or other status nodes', async () => {
    const h = await start([
      node('r1', 'reporter'),
      node('r2', 'reporter'),
      node('s', 'status', { scope: 'selected', nodes: ['r2'] }),
      node('all', 'status'),
    ]);
    h.send('r1', { payload: 'one' });
    h.send('r2', { payload: 'two' });
    await h.idle();
    expect(h.outputs('s').map((m) => (m['status'] as { text: string }).text)).toEqual(['two']);
    expect(h.outputs('all').map((m) => (m['status'] as { source: { id: string } }).source.id)).toEqual(['r1', 'r2']);
  });
});

describe('status config', () => {
  it('parses {} and requires nodes when selected', () => {
    expect(statusNode.config.parse({})).toEqual({ scope: 'all', nodes: [] });
    expect(statusNode.config.safeParse({ scope: 'selected', nodes: [] }).error?.issues[0]?.path).toEqual(['nodes']);
  });
});
