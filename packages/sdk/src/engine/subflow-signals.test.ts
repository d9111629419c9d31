import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Flow } from '@millwright/model';
import { defineNode } from '../define-node.js';
import { runFlow } from '../harness/run-flow.js';

// Errors and status of nodes inside expanded subflow instances (ids `<instance>/<inner>`): caught
// at their own level first, then raised by the instance one level up (Node-RED's semantics).

const fail = defineNode({
  type: 'fail',
  category: 'test',
  version: 1,
  description: 'throws, after setting its status',
  inputs: 1,
  outputs: ['out'],
  config: z.object({}),
  setup: (ctx) => ({
    input() {
      ctx.status({ text: 'failing' });
      throw new Error('boom');
    },
  }),
});
const catcher = defineNode({
  type: 'catcher',
  category: 'test',
  version: 1,
  description: 'catch',
  inputs: 0,
  outputs: ['out'],
  config: z.object({ nodes: z.array(z.string()).default([]) }),
  setup(ctx) {
    ctx.flow.onError({ nodes: ctx.config.nodes }, (_e, msg) => ctx.send(msg ?? null));
    return {};
  },
});
const watcher = defineNode({
  type: 'watcher',
  category: 'test',
  version: 1,
  description: 'status',
  inputs: 0,
  outputs: ['out'],
  config: z.object({ nodes: z.array(z.string()).default([]) }),
  setup(ctx) {
    ctx.flow.onStatus({ nodes: ctx.config.nodes }, (status, source) =>
      ctx.send(ctx.newMessage({ payload: { text: status?.text, source: source.id } })),
    );
    return {};
  },
});

const node = (id: string, type: string, config: Record<string, unknown> = {}) => ({
  id,
  type,
  typeVersion: 1,
  config,
  position: { x: 0, y: 0 },
});
const flowOf = (nodes: Flow['nodes']): Flow => ({ version: 1, id: 'f', name: 'f', nodes, wires: [] });
const defs = [fail, catcher, watcher];

describe('errors and status inside subflow instances', () => {
  it('go to the catch and status nodes inside the instance first; the flow sees neither', async () => {
    const h = await runFlow(
      flowOf([
        node('i/x', 'fail'),
        node('i/c', 'catcher', { nodes: ['x'] }),
        node('i/w', 'watcher'),
        node('c', 'catcher'),
        node('w', 'watcher'),
      ]),
      defs,
    );
    h.send('i/x', { payload: 1 });
    await h.waitForOutputs('i/c', 1);
    expect(h.outputs('i/w').map((m) => m.payload)).toEqual([{ text: 'failing', source: 'i/x' }]);
    expect(h.outputs('c')).toEqual([]);
    expect(h.outputs('w')).toEqual([]);
    await h.stop();
  });

  it('without them, reach the flow as raised by the instance (scope by instance id, source the inner node)', async () => {
    const h = await runFlow(
      flowOf([
        node('i/j/x', 'fail'),
        node('other/c', 'catcher'),
        node('c', 'catcher', { nodes: ['i'] }),
        node('w', 'watcher', { nodes: ['i'] }),
      ]),
      defs,
    );
    h.send('i/j/x', { payload: 1 });
    const [caught] = await h.waitForOutputs('c', 1);
    expect(caught?.error).toMatchObject({ message: 'boom', source: { id: 'i/j/x', type: 'fail' } });
    expect(h.outputs('other/c')).toEqual([]);
    expect(h.outputs('w').map((m) => m.payload)).toEqual([{ text: 'failing', source: 'i/j/x' }]);
    await h.stop();
  });
});
