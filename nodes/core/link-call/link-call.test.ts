import { validateFlows, type Flow } from '@millwright/model';
import { defineNode, NodeRegistry, runFlow, type FlowHarness } from '@millwright/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import catchNode from '../catch/index.js';
import debug from '../debug/index.js';
import fn from '../function/index.js';
import linkIn from '../link-in/index.js';
import linkOut from '../link-out/index.js';
import linkCall from './index.js';

let h: FlowHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** Appends its `tag` to payload (an array), standing for the work a called group does. */
const tagger = defineNode({
  type: 'tagger',
  category: 'test',
  version: 1,
  description: 'appends a tag',
  inputs: 1,
  outputs: ['out'],
  config: z.object({ tag: z.string() }),
  setup: (ctx) => ({
    input(msg) {
      msg.payload = [...(msg.payload as string[]), ctx.config.tag];
      ctx.send(msg);
    },
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
const wire = (from: string, to: string) => ({ from: { node: from, port: 0 }, to: { node: to, port: 0 } });
const types = [linkCall, linkIn, linkOut, tagger, catchNode, debug, fn];
const start = async (nodes: Flow['nodes'], wires: Flow['wires']) => {
  h = await runFlow({ version: 1, id: 'f', name: 'f', nodes, wires }, types);
  return h;
};
/** A called group: link-in `in` -> tagger -> link-out (return). */
const subroutine = (id: string, tag: string, name?: string): { nodes: Flow['nodes']; wires: Flow['wires'] } => ({
  nodes: [
    node(id, 'link-in', {}, name),
    node(`${id}-t`, 'tagger', { tag }),
    node(`${id}-ret`, 'link-out', { mode: 'return' }),
  ],
  wires: [wire(id, `${id}-t`), wire(`${id}-t`, `${id}-ret`)],
});

describe('link-call', () => {
  it('calls a link-in and passes on what the return link-out sends back, without the call stack', async () => {
    const sub = subroutine('sub', 'worked');
    const h = await start([node('call', 'link-call', { links: ['sub'] }), ...sub.nodes], sub.wires);
    h.send('call', { payload: ['start'], topic: 't' });
    const [msg] = await h.waitForOutputs('call', 1);
    expect(msg).toMatchObject({ payload: ['start', 'worked'], topic: 't' });
    expect(msg).not.toHaveProperty('_linkSource');
    expect(msg).not.toHaveProperty('_linkReturn');
    expect(h.errors()).toEqual([]);
  });

  it('nests: a called group that calls another returns to its own caller', async () => {
    const inner = subroutine('inner', 'inner');
    const nodes: Flow['nodes'] = [
      node('call', 'link-call', { links: ['outer'] }),
      node('outer', 'link-in'),
      node('outer-call', 'link-call', { links: ['inner'] }),
      node('outer-t', 'tagger', { tag: 'outer' }),
      node('outer-ret', 'link-out', { mode: 'return' }),
      ...inner.nodes,
    ];
    const wires = [
      wire('outer', 'outer-call'),
      wire('outer-call', 'outer-t'),
      wire('outer-t', 'outer-ret'),
      ...inner.wires,
    ];
    const h = await start(nodes, wires);
    h.send('call', { payload: [] });
    const [msg] = await h.waitForOutputs('call', 1);
    expect(msg?.payload).toEqual(['inner', 'outer']);
    // The inner call's answer went to the outer call node only, not out of the first one early.
    expect(h.outputs('outer-call').map((m) => m.payload)).toEqual([['inner']]);
  });

  it('calls the link-in msg.target names, by name or id, in dynamic mode', async () => {
    const a = subroutine('a', 'A', 'subroutine-a');
    const b = subroutine('b', 'B');
    const h = await start(
      [node('call', 'link-call', { linkType: 'dynamic' }), ...a.nodes, ...b.nodes, node('c', 'catch')],
      [...a.wires, ...b.wires],
    );
    h.send('call', { payload: [], target: 'subroutine-a' });
    h.send('call', { payload: [], target: 'b' });
    h.send('call', { payload: [], target: 'nowhere' });
    const outs = await h.waitForOutputs('call', 2);
    expect(outs.map((m) => m.payload)).toEqual([['A'], ['B']]);
    const [caught] = await h.waitForOutputs('c', 1);
    expect(caught?.error).toMatchObject({ code: 'link_target_missing', nodeId: 'call' });
    expect(caught?.error?.message).toContain('"nowhere"');
  });

  it('raises link_call_timeout with the message when nothing comes back, and drops a late return', async () => {
    const h = await start(
      [
        node('call', 'link-call', { links: ['sub'], timeoutMs: 50 }),
        node('sub', 'link-in'),
        node('hold', 'tagger', { tag: 'x' }),
        node('c', 'catch'),
      ],
      [wire('sub', 'hold')],
    );
    const t0 = Date.now();
    h.send('call', { payload: [], topic: 'slow' });
    const [caught] = await h.waitForOutputs('c', 1);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(45);
    expect(caught).toMatchObject({
      topic: 'slow',
      error: { code: 'link_call_timeout', kind: 'operational', nodeId: 'call' },
    });
    expect(caught).not.toHaveProperty('_linkSource');
    // The message the called group kept, sent back after the timeout, does not leave the call.
    const [late] = h.outputs('hold');
    h.send('call', { ...late!, _linkReturn: (late!._linkSource as Array<{ id: string }>)[0]!.id });
    await h.idle();
    expect(h.outputs('call')).toEqual([]);
  });

  it('returns through function code that never sees the call stack', async () => {
    const code = "msg.payload = [...msg.payload, '_linkSource' in msg ? 'seen' : 'hidden']; return msg;";
    const h = await start(
      [
        node('call', 'link-call', { links: ['sub'] }),
        node('sub', 'link-in'),
        node('fn', 'function', { code }),
        node('ret', 'link-out', { mode: 'return' }),
      ],
      [wire('sub', 'fn'), wire('fn', 'ret')],
    );
    h.send('call', { payload: [] });
    const [msg] = await h.waitForOutputs('call', 1);
    expect(msg?.payload).toEqual(['hidden']);
  });

  it('refuses a return link-out reached by a message that no link call sent', async () => {
    const h = await start([node('ret', 'link-out', { mode: 'return' })], []);
    h.send('ret', { payload: 1 });
    const err = await h.waitForEvent((e) => e.type === 'error');
    expect(err).toMatchObject({ nodeId: 'ret', error: { code: 'link_no_caller' } });
  });

  it('keeps the call stack out of the debug view of the whole message', async () => {
    const h = await start(
      [
        node('call', 'link-call', { links: ['sub'] }),
        node('sub', 'link-in'),
        node('d', 'debug', { property: 'complete' }),
        node('ret', 'link-out', { mode: 'return' }),
      ],
      [wire('sub', 'd'), wire('sub', 'ret')],
    );
    h.send('call', { payload: 1 });
    await h.waitForOutputs('call', 1);
    const shown = await h.waitForEvent((e) => e.type === 'debug');
    expect(shown).toMatchObject({ value: { payload: 1 } });
    expect(JSON.stringify(shown)).not.toContain('_linkSource');
  });
});

describe('link-call config', () => {
  it('needs a target in static mode and refuses a link-in of another flow at validation', () => {
    expect(linkCall.config.safeParse({}).error?.issues.map((i) => [i.path, i.message])).toEqual([
      [['links'], 'pick the link-in node to call'],
    ]);
    expect(linkCall.config.parse({ linkType: 'dynamic' })).toEqual({
      linkType: 'dynamic',
      links: [],
      timeoutMs: 30_000,
    });
    const flow = (id: string, nodes: Flow['nodes']): Flow => ({ version: 1, id, name: id, nodes, wires: [] });
    const r = validateFlows(
      [flow('a', [node('call', 'link-call', { links: ['far'] })]), flow('b', [node('far', 'link-in')])],
      { catalog: new NodeRegistry(types) },
    );
    expect(r.issues.map((i) => [i.code, i.path])).toEqual([
      ['node_reference_other_flow', [0, 'nodes', 0, 'config', 'links', 0]],
    ]);
    expect(linkOut.config.parse({ mode: 'return' })).toEqual({ mode: 'return', links: [] });
  });
});
