import { describe, expect, it } from 'vitest';
import { GlobalContext } from './global-context.js';
import { ReplicatedContextStore } from './replicated-context.js';

const turn = () => new Promise((r) => setImmediate(r));
const MB = 'x'.repeat(1_000_000);

describe('global context quota in the flow host', () => {
  it("refuses a set over the flow's bytes or keys with context_quota_exceeded, changing nothing", () => {
    const store = new ReplicatedContextStore(() => undefined, { globalEntries: 3, globalBytes: 2_500_000 });
    store.set('a', MB);
    store.set('b', MB);
    expect(() => store.set('c', MB)).toThrow(expect.objectContaining({ code: 'context_quota_exceeded' }));
    expect(store.get('c')).toBeUndefined();
    store.set('b', 'small'); // rewriting a key of its own frees what the old value cost
    store.set('c', MB);
    expect(() => store.set('d', 1)).toThrow(/holds 3 keys \(limit 3\)/);
    store.delete('a');
    store.set('d', 1);
    expect(store.usage().entries).toBe(3);
  });

  it('stops counting a key another flow set after it', () => {
    const store = new ReplicatedContextStore(() => undefined, { globalEntries: 10, globalBytes: 1_500_000 });
    store.set('a', MB);
    expect(() => store.set('b', MB)).toThrow();
    store.apply('a', 'theirs now');
    store.set('b', MB);
    expect(store.usage().bytes).toBeLessThan(1_100_000);
  });

  it('publishes once per turn per key, the last value, with its cost', async () => {
    const published: Array<[string, unknown, number]> = [];
    const store = new ReplicatedContextStore((k, v, b) => published.push([k, v, b]));
    for (let i = 0; i < 1_000; i++) store.set('k', i);
    store.set('other', 'v');
    store.delete('gone');
    await turn();
    expect(published.map(([k, v]) => [k, v])).toEqual([
      ['k', 999],
      ['other', 'v'],
      ['gone', undefined],
    ]);
    expect(published[0]![2]).toBeGreaterThan(0);
    expect(published[2]![2]).toBe(0);
  });
});

describe('global context in the main process', () => {
  it('counts each key for the flow that set it last, refuses over quota, and frees a removed flow', () => {
    const g = new GlobalContext({ globalEntries: 2, globalBytes: 100 });
    expect(g.set('f1', 'a', 'A', 40)).toBeUndefined();
    expect(g.set('f1', 'b', 'B', 40)).toBeUndefined();
    expect(g.set('f1', 'c', 'C', 10)?.code).toBe('context_quota_exceeded');
    expect(g.set('f2', 'b', 'B2', 60)).toBeUndefined(); // b moves to f2
    expect(g.usage()).toEqual(
      new Map([
        ['f1', { entries: 1, bytes: 40 }],
        ['f2', { entries: 1, bytes: 60 }],
      ]),
    );
    expect(g.snapshot('f1')).toEqual({ values: { a: 'A', b: 'B2' }, owned: { a: 40 } });
    expect(g.release('f2')).toEqual(['b']);
    expect(g.snapshot('f1').values).toEqual({ a: 'A' });
    expect(g.usage().has('f2')).toBe(false);
  });
});
