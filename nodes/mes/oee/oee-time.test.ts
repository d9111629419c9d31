import { UserError, type FlowMessage } from '@millwright/model';
import { MemoryContextStore, testNode, type ContextStore, type NodeHarness } from '@millwright/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import type { OeeRecord } from '../lib/oee/tracker.js';
import oee from './index.js';
import { createOee, OEE_CONTEXT_KEY } from './oee.js';

const MIN = 60_000;
const T0 = Date.parse('2024-05-01T06:00:00Z');
const at = (min: number) => T0 + min * MIN;
let now = T0;
let h: NodeHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** Runs the node on a fake clock with `store` as its node context (a restart passes the same one). */
async function run(config: Record<string, unknown>, store: ContextStore = new MemoryContextStore(), start = T0) {
  now = start;
  const def = {
    ...oee,
    setup: (ctx: Parameters<typeof oee.setup>[0]) =>
      createOee({ ...ctx, context: { ...ctx.context, node: store } }, () => now),
  };
  h = await testNode(def, { config });
  return h;
}
const records = (harness: NodeHarness) =>
  harness.outputs(harness.nodeId).map((m: FlowMessage) => m.payload as OeeRecord);
/** Sends at clock minute `arrive` a value produced at minute `produced` (msg.opcua.sourceTimestamp). */
async function send(harness: NodeHarness, arrive: number, produced: number, payload: Record<string, unknown>) {
  now = at(arrive);
  harness.input({ payload, opcua: { sourceTimestamp: new Date(at(produced)) } } as Partial<FlowMessage>);
  await harness.idle();
}
const HOURLY = {
  window: 'tumbling',
  windowMs: 60 * MIN,
  emitOn: 'update',
  idealCycleTimeMs: 1_000,
  countMode: 'increment',
};

describe('oee: production time', () => {
  it('books a value in the window of its source timestamp, not of its arrival', async () => {
    const harness = await run(HOURLY);
    await send(harness, 0, 0, { state: 'running' });
    await send(harness, 30, 30, { total: 600 });
    // Produced at 06:50 and 06:55, arrived at 07:20 after an outage: the 06:00 window is restated
    // once, when live values come again.
    await send(harness, 80, 50, { total: 200 });
    await send(harness, 80, 55, { total: 100 });
    await send(harness, 81, 81, { state: 'running' });
    const all = records(harness);
    const finals = all.filter((r) => r.final);
    expect(finals.map((r) => [r.window.start, r.totalCount, r.restated ?? false])).toEqual([
      ['2024-05-01T06:00:00.000Z', 600, false],
      ['2024-05-01T06:00:00.000Z', 900, true],
    ]);
    expect(all.at(-1)).toMatchObject({ final: false, totalCount: 0, window: { start: '2024-05-01T07:00:00.000Z' } });
  });

  it('late values go to the late output unbooked when configured; older than maxLatenessMs they are too late', async () => {
    const harness = await run({ ...HOURLY, lateValues: 'output' });
    await send(harness, 0, 0, { state: 'running', total: 5 });
    await send(harness, 70, 50, { total: 300 });
    const [late] = await harness.next(1, { port: 1 });
    expect(late).toMatchObject({
      payload: { total: 300 },
      late: { reason: 'window_closed', at: '2024-05-01T06:50:00.000Z' },
    });
    expect(
      records(harness)
        .filter((r) => r.final)
        .map((r) => r.totalCount),
    ).toEqual([5]);

    const strict = await run({ ...HOURLY, maxLatenessMs: 30 * MIN }, undefined, at(70));
    await send(strict, 70, 20, { total: 1 });
    expect(strict.errors().map((e) => e.error.code)).toEqual(['too_late']);
  });

  it('refuses unparseable, far-future and missing production times with coded errors', async () => {
    const harness = await run({ ...HOURLY });
    now = T0;
    harness.input({
      payload: { state: 'running' },
      opcua: { sourceTimestamp: new Date('2100-01-01T00:00:00Z') },
    } as Partial<FlowMessage>);
    harness.input({ payload: { state: 'running' }, sparkplug: { timestamp: 'yesterday' } } as Partial<FlowMessage>);
    await harness.idle();
    const byProperty = await run({ ...HOURLY, timeProperty: 'payload.ts' });
    byProperty.input({ payload: { state: 'running' } });
    byProperty.input({ payload: { state: 'running', ts: Number.NaN } });
    await byProperty.idle();
    expect([...harness.errors(), ...byProperty.errors()].map((e) => [e.error.code, e.error.message])).toEqual([
      [
        'future_timestamp',
        'opcua.sourceTimestamp 2100-01-01T00:00:00.000Z is 2387901600 s ahead of this clock (at most 60 s allowed)',
      ],
      [
        'invalid_timestamp',
        'sparkplug.timestamp must be a date, epoch milliseconds or an ISO 8601 time, got "yesterday"',
      ],
      ['invalid_timestamp', 'the message has no payload.ts (its production time)'],
      ['invalid_timestamp', 'payload.ts must be a date, epoch milliseconds or an ISO 8601 time, got NaN'],
    ]);
  });

  it('sorts out-of-order state changes and counts into place (sparkplug timestamps)', async () => {
    const harness = await run(HOURLY);
    const sp = async (arrive: number, produced: number, payload: Record<string, unknown>) => {
      now = at(arrive);
      harness.input({ payload, sparkplug: { timestamp: at(produced) } } as Partial<FlowMessage>);
      await harness.idle();
    };
    await sp(0, 0, { state: 'running' });
    await sp(20, 20, { state: 'running', total: 100 });
    await sp(20.1, 10, { state: 'down', reason: 'jam' }); // arrives after the later "running"
    expect(records(harness).at(-1)).toMatchObject({ downtime: 10 * MIN, runTime: 10.1 * MIN, totalCount: 100 });
  });
});

describe('oee: plausibility', () => {
  it('a jump 0 -> 1,000,000 in 0.3 s is held, flagged and turns the status yellow; it never counts', async () => {
    const harness = await run({ ...HOURLY, countMode: 'cumulative' });
    const sendMs = async (ms: number, payload: Record<string, unknown>) => {
      now = T0 + ms;
      harness.input({ payload, opcua: { sourceTimestamp: new Date(T0 + ms) } } as Partial<FlowMessage>);
      await harness.idle();
    };
    await sendMs(0, { state: 'running', total: 0 });
    await sendMs(300, { total: 1_000_000 });
    expect(records(harness).at(-1)).toMatchObject({ totalCount: 0, heldCount: 1_000_000, performance: 0 });
    expect(harness.statuses(harness.nodeId).at(-1)?.status).toMatchObject({ fill: 'yellow' });
    expect(harness.statuses(harness.nodeId).at(-1)?.status?.text).toContain(
      '1000000 parts held (suspected counter glitch)',
    );
    await sendMs(10_300, { total: 1_000_008 });
    await sendMs(20_300, { total: 1_000_017 });
    const r = records(harness).at(-1);
    expect(r).toMatchObject({
      totalCount: 17,
      heldCount: 0,
      glitches: [{ kind: 'jump', resolution: 'rebased', parts: 1_000_000 }],
    });
    expect(r?.performanceRaw).toBeCloseTo(17 / 20.3, 6);
  });

  it.each([
    // [name, readings as [second, value], counted parts, glitch resolutions]
    [
      'jump 0 -> 1,000,000 in 0.3 s, level holds',
      [
        [0, 0],
        [0.3, 1_000_000],
        [60, 1_000_030],
        [120, 1_000_060],
      ],
      60,
      ['rebased'],
    ],
    [
      'jump and straight back (spike)',
      [
        [0, 0],
        [0.3, 1_000_000],
        [60, 30],
        [120, 60],
      ],
      60,
      ['spike'],
    ],
    [
      'single low sample and back',
      [
        [0, 100],
        [60, 110],
        [120, 50],
        [180, 111],
        [240, 112],
      ],
      12,
      ['spike'],
    ],
    [
      'drop that stays (counter set)',
      [
        [0, 100],
        [60, 110],
        [120, 50],
        [180, 52],
        [240, 55],
      ],
      15,
      ['rebased'],
    ],
    [
      'true reset near zero',
      [
        [0, 100],
        [60, 110],
        [120, 2],
        [180, 5],
      ],
      15,
      [],
    ],
    [
      'slow drift up, 5 % over the ideal rate',
      Array.from({ length: 10 }, (_, i) => [i * 60, i * 31.5] as const).map(([t, v]) => [t, Math.floor(v)]),
      283,
      [],
    ],
    [
      'slow drift down',
      [
        [0, 110],
        [60, 109],
        [120, 108],
        [180, 107],
        [240, 106],
      ],
      0,
      ['spike', 'spike', 'pending'],
    ],
  ] as Array<[string, Array<[number, number]>, number, string[]]>)(
    'glitch sequence: %s',
    async (_name, readings, counted, resolutions) => {
      const harness = await run({ ...HOURLY, countMode: 'cumulative', idealCycleTimeMs: 2_000 });
      for (const [sec, total] of readings) {
        now = T0 + sec * 1_000;
        harness.input({
          payload: { state: 'running', total },
          opcua: { sourceTimestamp: new Date(now) },
        } as Partial<FlowMessage>);
        await harness.idle();
      }
      const r = records(harness).at(-1);
      expect(r?.totalCount).toBe(counted);
      expect(r?.glitches.map((g) => g.resolution)).toEqual(resolutions);
    },
  );

  it('performance above 100 % turns the status yellow with the reason (ideal cycle time set too slow)', async () => {
    const harness = await run({ ...HOURLY, idealCycleTimeMs: 2_000 });
    await send(harness, 0, 0, { state: 'running' });
    for (let m = 1; m <= 10; m++) await send(harness, m, m, { total: 32 }); // 32 parts/min at 2 s ideal: 107 %
    const r = records(harness).at(-1);
    expect(r?.performanceRaw).toBeCloseTo((320 * 2) / 600, 6);
    expect(r?.performance).toBe(1);
    expect(harness.statuses(harness.nodeId).at(-1)?.status).toEqual({
      fill: 'yellow',
      shape: 'dot',
      text: 'OEE – (A 100.0 %, P 100.0 %, Q –): performance 106.7 % > 100 %, check counts and ideal cycle time',
    });
  });
});

describe('oee: restart', () => {
  it('a new instance on the same node context continues the shift (window, counts, states)', async () => {
    const store = new MemoryContextStore();
    const first = await run({ ...HOURLY, countMode: 'cumulative' }, store);
    await send(first, 0, 0, { state: 'running', total: 1_000 });
    await send(first, 20, 20, { total: 2_000 });
    await send(first, 25, 25, { state: 'down', reason: 'jam' });
    await first.stop();
    // JSON round trip, as a file context store keeps it.
    const saved = JSON.parse(JSON.stringify(store.get(OEE_CONTEXT_KEY))) as unknown;
    const restored = new MemoryContextStore();
    restored.set(OEE_CONTEXT_KEY, saved);
    const second = await run({ ...HOURLY, countMode: 'cumulative' }, restored, at(40));
    await send(second, 40, 40, { state: 'running', total: 2_100 });
    await send(second, 70, 70, { total: 2_200 }); // the 06:00 window closes with everything in it
    const final = records(second).find((r) => r.final);
    expect(final).toMatchObject({
      totalCount: 1_100,
      downtime: 15 * MIN,
      runTime: 45 * MIN,
      losses: [{ reason: 'jam' }],
    });
  });

  it('a restatement cut short by a restart is sent when the node starts again', async () => {
    const store = new MemoryContextStore();
    const first = await run(HOURLY, store);
    await send(first, 0, 0, { state: 'running', total: 5 });
    await send(first, 70, 50, { total: 3 }); // late for the closed 06:00 window: restated within 1 s...
    await first.stop(); // ...but the runtime stops first
    expect(records(first).filter((r) => r.restated)).toEqual([]);
    const second = await run(HOURLY, store, at(71));
    const [restated] = await second.next(1);
    expect(restated?.payload).toMatchObject({ restated: true, final: true, totalCount: 8 });
  });

  it('a node context that refuses the write (context_too_large) is reported once; the figures go on', async () => {
    class FullStore extends MemoryContextStore {
      override set(key: string, value: unknown): void {
        if (key === OEE_CONTEXT_KEY)
          throw new UserError('context_too_large', 'the context of flow f would exceed maxBytes');
        super.set(key, value);
      }
    }
    const harness = await run({ ...HOURLY }, new FullStore());
    await send(harness, 0, 0, { state: 'running', total: 5 });
    await send(harness, 1, 1, { total: 7 });
    expect(harness.errors().map((e) => e.error.code)).toEqual(['context_too_large']);
    expect(records(harness).at(-1)?.totalCount).toBe(12);
  });
});
