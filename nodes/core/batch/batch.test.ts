import { testNode } from '@millwright/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import batch from './index.js';

type Harness = Awaited<ReturnType<typeof testNode>>;
let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});
const run = async (config: Record<string, unknown>) => (h = await testNode(batch, { config }));
type P = { id: string; index: number; count: number };
const partsOf = (m: { [k: string]: unknown }) => m['parts'] as P;
const summary = (msgs: Array<{ payload?: unknown; [k: string]: unknown }>) =>
  msgs.map((m) => [m.payload, partsOf(m).index, partsOf(m).count]);

describe('batch node', () => {
  it('count mode: sequences of N messages, with the id of the first message', async () => {
    const h = await run({ count: 2 });
    for (const payload of [1, 2, 3, 4]) h.input({ payload });
    const outs = await h.next(4);
    expect(summary(outs)).toEqual([
      [1, 0, 2],
      [2, 1, 2],
      [3, 0, 2],
      [4, 1, 2],
    ]);
    expect(partsOf(outs[0] as never).id).toBe(outs[0]?.id);
    expect(partsOf(outs[1] as never).id).toBe(outs[0]?.id);
    expect(partsOf(outs[2] as never).id).not.toBe(outs[0]?.id);
  });

  it('count mode: overlap repeats the end of one sequence at the start of the next', async () => {
    const h = await run({ count: 3, overlap: 1 });
    for (const payload of [1, 2, 3, 4, 5]) h.input({ payload });
    expect(summary(await h.next(6))).toEqual([
      [1, 0, 3],
      [2, 1, 3],
      [3, 2, 3],
      [3, 0, 3],
      [4, 1, 3],
      [5, 2, 3],
    ]);
    h.input({ reset: true }); // lets the kept message go, so stopping does not wait for it
  });

  it('count mode: honourParts ends a sequence at the end of an incoming one; msg.reset drops what is held', async () => {
    const h = await run({ count: 5, honourParts: true });
    h.input({ payload: 'a', parts: { id: 'x', index: 0, count: 2, type: 'array' } });
    h.input({ payload: 'b', parts: { id: 'x', index: 1, count: 2, type: 'array' } });
    h.input({ payload: 'c' });
    h.input({ reset: true });
    h.input({ payload: 'd' });
    await h.idle();
    expect(summary(h.outputs(h.nodeId))).toEqual([
      ['a', 0, 2],
      ['b', 1, 2],
    ]);
    // Other parts fields are kept, as in Node-RED.
    expect(h.outputs(h.nodeId)[0]?.['parts']).toMatchObject({ type: 'array' });
    h.input({ reset: true });
  });

  it('interval mode: one sequence per interval, and an empty one only when allowed', async () => {
    const h = await run({ mode: 'interval', intervalMs: 40, allowEmpty: true });
    h.input({ payload: 1 });
    h.input({ payload: 2 });
    const first = await h.next(2);
    expect(summary(first)).toEqual([
      [1, 0, 2],
      [2, 1, 2],
    ]);
    const [, , empty] = await h.next(3);
    expect(empty).toMatchObject({ payload: null, parts: { index: 0, count: 1 } });
  });

  it('concat mode: joins complete sequences of the topics in their order', async () => {
    const h = await run({ mode: 'concat', topics: ['a', 'b'] });
    const seq = (topic: string, id: string, values: unknown[]) =>
      values.forEach((payload, index) => h.input({ topic, payload, parts: { id, index, count: values.length } }));
    seq('b', 'B1', ['b1', 'b2']);
    h.input({ topic: 'other', payload: 'ignored' });
    seq('a', 'A1', ['a1']);
    const outs = await h.next(3);
    expect(summary(outs)).toEqual([
      ['a1', 0, 3],
      ['b1', 1, 3],
      ['b2', 2, 3],
    ]);
  });

  it('reports concat messages without parts and too many held messages, and keeps running', async () => {
    const c = await run({ mode: 'concat', topics: ['a'] });
    c.input({ topic: 'a', payload: 1 });
    await c.idle();
    expect(c.errors().map((e) => e.error.code)).toEqual(['batch_missing_parts']);
    await c.stop();
    const h = await run({ count: 10, maxPending: 2 });
    for (const payload of [1, 2, 3, 4]) h.input({ payload });
    await h.idle();
    expect(h.errors().map((e) => e.error.code)).toEqual(['batch_too_many']);
    expect(h.outputs(h.nodeId)).toHaveLength(0);
    h.input({ reset: true });
  });

  it('refuses an overlap not below count and concat without topics', () => {
    const path = (c: unknown) => batch.config.safeParse(c).error?.issues[0]?.path;
    expect(path({ count: 2, overlap: 2 })).toEqual(['overlap']);
    expect(path({ mode: 'concat' })).toEqual(['topics']);
  });
});
