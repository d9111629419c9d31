import { testNode } from '@millwright/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import filter from './index.js';

type Harness = Awaited<ReturnType<typeof testNode>>;
let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** Payloads that pass a filter node with `config` when `msgs` are sent in order. */
async function passed(config: Record<string, unknown>, msgs: Array<Record<string, unknown>>) {
  await h?.stop();
  h = await testNode(filter, { config });
  for (const m of msgs) h.input(m);
  await h.idle();
  return h.outputs(h.nodeId).map((m) => (m['topic'] === undefined ? m.payload : [m['topic'], m.payload]));
}
const values = (...v: unknown[]) => v.map((payload) => ({ payload }));

describe('filter node (report by exception)', () => {
  it('rbe passes changes only, comparing objects deeply; rbei skips the first value', async () => {
    const msgs = values(1, 1, 2, 'a', 'a', { x: [1] }, { x: [1] }, { x: [2] }, 2);
    expect(await passed({}, msgs)).toEqual([1, 2, 'a', { x: [1] }, { x: [2] }, 2]);
    expect(await passed({ mode: 'rbei' }, values(1, 1, 2, 2, 3))).toEqual([2, 3]);
  });

  it('keeps one last value per topic, and msg.reset forgets one topic or all', async () => {
    const msgs = [
      { topic: 'a', payload: 1 },
      { topic: 'b', payload: 1 },
      { topic: 'a', payload: 1 },
      { topic: 'a', reset: true },
      { topic: 'a', payload: 1 },
      { topic: 'b', payload: 1 },
      { reset: true },
      { topic: 'b', payload: 1 },
    ];
    expect(await passed({}, msgs)).toEqual([
      ['a', 1],
      ['b', 1],
      ['a', 1],
      ['b', 1],
    ]);
    expect(await passed({ perTopic: false }, msgs)).toEqual([
      ['a', 1],
      ['a', 1],
      ['b', 1],
    ]);
  });

  it('deadband passes a number only when it moved by more than the gap from the last output', async () => {
    expect(await passed({ mode: 'deadband', gap: 2 }, values(10, 11, 12, 12.5, 15, '13.5'))).toEqual([10, 12.5, 15]);
    expect(await passed({ mode: 'deadbandEq', gap: 2 }, values(10, 11, 12, 13, 14))).toEqual([10, 12, 14]);
    // compared with the last input, a slow drift never passes
    expect(await passed({ mode: 'deadband', gap: 2, compareTo: 'lastInput' }, values(10, 11, 12, 13, 16))).toEqual([
      10, 16,
    ]);
    // 10 % of the last output
    expect(await passed({ mode: 'deadband', gap: 10, gapPercent: true }, values(100, 109, 111, 121, 123))).toEqual([
      100, 111, 123,
    ]);
  });

  it('narrowband drops outliers, compared with the start value or the first value', async () => {
    expect(await passed({ mode: 'narrowband', gap: 5 }, values(20, 22, 40, 27, 33))).toEqual([20, 22, 27]);
    expect(await passed({ mode: 'narrowband', gap: 5, start: 50 }, values(20, 48, 55, 53))).toEqual([48, 53]);
    expect(await passed({ mode: 'narrowbandEq', gap: 5 }, values(20, 25, 24))).toEqual([20, 24]);
  });

  it('routes values that are not numbers in a band mode to catch with filter_not_a_number', async () => {
    expect(await passed({ mode: 'deadband', gap: 1 }, values(1, 'hot', true, 3))).toEqual([1, 3]);
    expect(h?.errors().map((e) => [e.error.code, e.error.message])).toEqual([
      ['filter_not_a_number', '"payload" is "hot"; deadband needs a number'],
      ['filter_not_a_number', '"payload" is a boolean; deadband needs a number'],
    ]);
  });

  it('forgets the least recently seen topic beyond maxTopics', async () => {
    const msgs = ['a', 'b', 'c', 'a'].map((topic) => ({ topic, payload: 1 }));
    expect(await passed({ maxTopics: 2 }, msgs)).toEqual([
      ['a', 1],
      ['b', 1],
      ['c', 1],
      ['a', 1],
    ]);
  });
});
