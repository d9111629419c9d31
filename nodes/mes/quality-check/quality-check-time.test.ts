import type { FlowMessage } from '@millwright/model';
import { MemoryContextStore, testNode, type ContextStore, type NodeHarness } from '@millwright/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import qualityCheck from './index.js';
import { createQualityCheck, SPC_CONTEXT_KEY, SPC_STATE_KEY } from './quality-check.js';
import type { ChartHistory, SpcEntry } from './spc-entry.js';

const T0 = Date.parse('2024-05-01T06:00:00Z');
const S = 1_000;
let now = T0;
let h: NodeHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function run(config: Record<string, unknown>, store: ContextStore = new MemoryContextStore()) {
  const def = {
    ...qualityCheck,
    setup: (ctx: Parameters<typeof qualityCheck.setup>[0]) =>
      createQualityCheck({ ...ctx, context: { ...ctx.context, node: store } }, () => now),
  };
  h = await testNode(def, { config });
  return h;
}

const diameter = { name: 'diameter', property: 'payload.d', lsl: 9, usl: 11 };
const I_MR = { characteristics: [diameter], minPoints: 5, rules: ['nelson-1', 'nelson-3'] };
/** A wandering but in-spec series. */
const VALUES = Array.from({ length: 40 }, (_, i) => 10 + 0.1 * Math.sin(i * 1.7) + 0.02 * (i % 7));
const msgAt = (i: number, d: unknown = VALUES[i]) =>
  ({ payload: { d }, opcua: { sourceTimestamp: new Date(T0 + i * 10 * S) } }) as Partial<FlowMessage>;
const historyOf = (store: ContextStore) => (store.get(SPC_CONTEXT_KEY) as Record<string, ChartHistory>)['diameter'];
const pointsOf = (store: ContextStore) => historyOf(store)?.points.map((p) => [p.time, p.point, p.ucl, p.lcl]);

async function feed(harness: NodeHarness, order: number[]) {
  for (const i of order) {
    now = T0 + Math.max(...order.slice(0, order.indexOf(i) + 1)) * 10 * S + 1_000;
    harness.input(msgAt(i));
    await harness.idle();
  }
}

describe('quality-check: production time and order', () => {
  it('measurements out of order give the chart points of the same data in order', async () => {
    const inOrder = new MemoryContextStore();
    await feed(
      await run(I_MR, inOrder),
      VALUES.map((_, i) => i),
    );
    await h?.stop();
    const shuffled = new MemoryContextStore();
    // 10..19 held back (an outage) and delivered after 29, newest first.
    const order = [...VALUES.keys()].filter((i) => i < 10 || i >= 20);
    order.splice(20, 0, ...[19, 18, 17, 16, 15, 14, 13, 12, 11, 10]);
    const harness = await run(I_MR, shuffled);
    await feed(harness, order);
    expect(pointsOf(shuffled)).toEqual(pointsOf(inOrder));
    expect(historyOf(shuffled)?.capability).toEqual(historyOf(inOrder)?.capability);
    // The first late one revised the points after it, and says so.
    const late = harness.outputs(harness.nodeId, 0).find((m) => (m.payload as { d: number }).d === VALUES[19]);
    expect((late?.['spc'] as Record<string, SpcEntry & { revised: number }>)['diameter']?.revised).toBe(10);
    expect(historyOf(shuffled)?.points[10]?.time).toBe(new Date(T0 + 100 * S).toISOString());
  });

  it('late measurements go to the late output when configured', async () => {
    const harness = await run({ ...I_MR, lateValues: 'output', reorderToleranceMs: 15_000 });
    await feed(harness, [0, 1, 2, 3, 5]);
    now = T0 + 60 * S;
    harness.input(msgAt(4)); // 10 s late: within the tolerance, sorted in
    harness.input(msgAt(1)); // 40 s late: to the late output
    await harness.idle();
    expect(harness.outputs(harness.nodeId, 3).map((m) => m['late'])).toEqual([
      { at: new Date(T0 + 10 * S).toISOString(), characteristic: 'diameter' },
    ]);
    expect(harness.outputs(harness.nodeId, 0)).toHaveLength(6);
  });
});

describe('quality-check: implausible values', () => {
  it('refuses NaN, Infinity and ±1e308 (the limits would overflow) and values outside min .. max, naming them', async () => {
    const harness = await run({ characteristics: [{ ...diameter, min: 0, max: 100 }] });
    for (const d of [Number.NaN, Number.POSITIVE_INFINITY, [1, Number.NEGATIVE_INFINITY], 1e308, -5])
      harness.input(msgAt(0, d));
    await harness.waitForEvent(() => harness.errors().length === 5);
    expect(harness.errors().map((e) => [e.error.code, e.error.message])).toEqual([
      ['invalid_measurement', 'diameter: payload.d must be a finite number or a non-empty array of them, got NaN'],
      ['invalid_measurement', 'diameter: payload.d must be a finite number or a non-empty array of them, got Infinity'],
      [
        'invalid_measurement',
        'diameter: payload.d must be a finite number or a non-empty array of them, got [1,-Infinity]',
      ],
      ['measurement_out_of_range', 'diameter: 1e+308 is outside the measurable range 0 .. 100'],
      ['measurement_out_of_range', 'diameter: -5 is outside the measurable range 0 .. 100'],
    ]);
    const open = await run({ characteristics: [diameter] });
    open.input(msgAt(0, -1e308));
    await open.waitForEvent(() => open.errors().length === 1);
    expect(open.errors()[0]?.error.message).toBe('diameter: -1e+308 is outside the measurable range -1e+150 .. 1e+150');
  });
});

describe('quality-check: restart', () => {
  it('a new instance on the same node context continues the chart (limits, rules, history)', async () => {
    const reference = new MemoryContextStore();
    await feed(
      await run(I_MR, reference),
      VALUES.map((_, i) => i),
    );
    await h?.stop();
    const store = new MemoryContextStore();
    await feed(
      await run(I_MR, store),
      VALUES.slice(0, 25).map((_, i) => i),
    );
    await h?.stop();
    const restored = new MemoryContextStore();
    for (const key of [SPC_CONTEXT_KEY, SPC_STATE_KEY]) restored.set(key, JSON.parse(JSON.stringify(store.get(key))));
    await feed(await run(I_MR, restored), VALUES.map((_, i) => i).slice(25));
    expect(pointsOf(restored)).toEqual(pointsOf(reference));
    expect(historyOf(restored)?.capability).toEqual(historyOf(reference)?.capability);
  });
});
