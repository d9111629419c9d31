import type { Flow } from '@millwright/model';
import { defineNode, runFlow, type FlowHarness } from '@millwright/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import linkIn from '../link-in/index.js';
import linkOut from './index.js';

let h: FlowHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** Appends its `tag` to payload.path in place, to show whether receivers share one object. */
const tagger = defineNode({
  type: 'tagger',
  category: 'test',
  version: 1,
  description: 'appends a tag in place',
  inputs: 1,
  outputs: ['out'],
  config: z.object({ tag: z.string() }),
  setup: (ctx) => ({
    input(msg) {
      (msg.payload as { path: string[] }).path.push(ctx.config.tag);
      ctx.send(msg);
    },
  }),
});
const node = (id: string, type: string, config: Record<string, unknown> = {}) => ({
  id,
  type,
  typeVersion: 1,
  config,
  position: { x: 0, y: 0 },
});
const wire = (from: string, to: string) => ({ from: { node: from, port: 0 }, to: { node: to, port: 0 } });
const start = async (nodes: Flow['nodes'], wires: Flow['wires']) => {
  h = await runFlow({ version: 1, id: 'f', name: 'f', nodes, wires }, [linkIn, linkOut, tagger]);
  return h;
};

describe('link-out and link-in', () => {
  it('carries a message from link-out to link-in within a flow, keeping its content', async () => {
    const h = await start([node('out', 'link-out', { links: ['in'] }), node('in', 'link-in')], []);
    h.send('out', { payload: { path: [] }, topic: 'line1' });
    const [msg] = await h.waitForOutputs('in', 1);
    expect(msg).toMatchObject({ payload: { path: [] }, topic: 'line1' });
  });

  it('fans out to two link-ins with independent copies', async () => {
    const h = await start(
      [
        node('out', 'link-out', { links: ['in1', 'in2'] }),
        node('in1', 'link-in'),
        node('in2', 'link-in'),
        node('t1', 'tagger', { tag: 'one' }),
        node('t2', 'tagger', { tag: 'two' }),
      ],
      [wire('in1', 't1'), wire('in2', 't2')],
    );
    h.send('out', { payload: { path: ['start'] } });
    const [a] = await h.waitForOutputs('t1', 1);
    const [b] = await h.waitForOutputs('t2', 1);
    expect(a?.payload).toEqual({ path: ['start', 'one'] });
    expect(b?.payload).toEqual({ path: ['start', 'two'] });
    expect(a?.id).not.toBe(b?.id);
  });

  it('keeps message order through the link', async () => {
    const h = await start([node('out', 'link-out', { links: ['in'] }), node('in', 'link-in')], []);
    for (let i = 0; i < 50; i++) h.send('out', { payload: i });
    const outs = await h.waitForOutputs('in', 50);
    expect(outs.map((m) => m.payload)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('reports a missing target as an error of the link-out node, with the message', async () => {
    const h = await start([node('out', 'link-out', { links: ['gone'] })], []);
    h.send('out', { payload: 1 });
    const err = await h.waitForEvent((e) => e.type === 'error');
    expect(err).toMatchObject({ nodeId: 'out', error: { code: 'link_target_missing' }, msgId: expect.any(String) });
  });

  it('does nothing without links', async () => {
    const h = await start([node('out', 'link-out'), node('in', 'link-in')], []);
    h.send('out', { payload: 1 });
    await h.idle();
    expect(h.outputs('in')).toEqual([]);
    expect(h.errors()).toEqual([]);
  });
});

describe('link configs', () => {
  it('parse {} and reject duplicate or empty targets', () => {
    expect(linkOut.config.parse({})).toEqual({ mode: 'link', links: [] });
    expect(linkIn.config.parse({})).toEqual({});
    expect(linkOut.config.safeParse({ links: ['a', 'a'] }).error?.issues.map((i) => [i.path, i.message])).toEqual([
      [['links'], 'a link-in node is listed twice'],
    ]);
    expect(linkOut.config.safeParse({ links: [''] }).error?.issues[0]?.path).toEqual(['links', 0]);
    expect(linkOut.config.safeParse({ mode: 'call' }).error?.issues[0]?.path).toEqual(['mode']);
  });
});
