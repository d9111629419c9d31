import { testNode } from '@millwright/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import sort from './index.js';

type Harness = Awaited<ReturnType<typeof testNode>>;
let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});
const run = async (config: Record<string, unknown>) => (h = await testNode(sort, { config }));
const part = (id: string, index: number, count: number | undefined, payload: unknown) => ({
  payload,
  parts: { id, index, ...(count === undefined ? {} : { count }) },
});

describe('sort node, property mode', () => {
  it('sorts an array ascending or descending, as text or as numbers, by element or by a key inside', async () => {
    const h = await run({});
    h.input({ payload: [3, 1, 10, 2] });
    h.input({ payload: ['10', '9', '1'] });
    expect((await h.next(2)).map((m) => m.payload)).toEqual([
      [1, 2, 3, 10],
      ['1', '10', '9'],
    ]);
    await h.stop();
    const n = await run({ asNumber: true, order: 'descending' });
    n.input({ payload: ['10', '9', '1'] });
    expect((await n.next())[0]?.payload).toEqual(['10', '9', '1']);
    await n.stop();
    const k = await run({ property: 'payload.stations', elementKey: 'temp' });
    k.input({
      payload: {
        stations: [
          { id: 'a', temp: 30 },
          { id: 'b', temp: 20 },
          { id: 'c', temp: 25 },
        ],
      },
    });
    const [out] = await k.next();
    expect((out?.payload as { stations: Array<{ id: string }> }).stations.map((s) => s.id)).toEqual(['b', 'c', 'a']);
  });

  it('routes a property that is not an array to catch with sort_not_an_array and keeps running', async () => {
    const h = await run({});
    h.input({ payload: 'text' });
    h.input({ payload: [2, 1] });
    expect((await h.next())[0]?.payload).toEqual([1, 2]);
    expect(h.errors().map((e) => [e.error.code, e.error.message])).toEqual([
      ['sort_not_an_array', '"payload" is a string, not an array'],
    ]);
  });
});

describe('sort node, sequence mode', () => {
  it('collects each sequence, sends it sorted with new indexes, and keeps sequences apart', async () => {
    const h = await run({ target: 'sequence', asNumber: true });
    h.input(part('A', 0, undefined, '30'));
    h.input(part('B', 0, 2, 'b2'));
    h.input(part('A', 1, undefined, '4'));
    await h.idle();
    expect(h.outputs(h.nodeId)).toHaveLength(0);
    h.input(part('A', 2, 3, '100'));
    const outs = await h.next(3);
    expect(outs.map((m) => [m.payload, (m['parts'] as { index: number }).index])).toEqual([
      ['4', 0],
      ['30', 1],
      ['100', 2],
    ]);
    h.input(part('B', 1, 2, 'b1'));
    const b = await h.next(5);
    expect(b.slice(3).map((m) => m.payload)).toEqual(['b1', 'b2']);
  });

  it('reports messages without parts, and drops the oldest sequence beyond maxPending', async () => {
    const h = await run({ target: 'sequence', maxPending: 3 });
    h.input({ payload: 1 });
    h.input(part('A', 0, 2, 'a'));
    h.input(part('B', 0, 3, 'b'));
    h.input(part('B', 1, 3, 'b'));
    h.input(part('C', 0, 2, 'c'));
    h.input(part('A', 1, 2, 'a2'));
    h.input(part('C', 1, 2, 'c2'));
    h.input(part('A', 0, 2, 'a1')); // completes the A sequence started after the drop
    const outs = await h.next(4);
    expect(outs.map((m) => m.payload)).toEqual(['c', 'c2', 'a1', 'a2']);
    expect(h.errors().map((e) => e.error.code)).toEqual(['sort_missing_parts', 'sort_too_many', 'sort_too_many']);
    expect(h.errors()[1]?.error.message).toBe(
      'dropped incomplete sequence A (1 message(s)) to stay within maxPending (3)',
    );
  });
});
