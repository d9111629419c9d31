import type { ChartEvent, FlowMessage } from '@millwright/model';
import { testNode, type ContextStore, type NodeHarness } from '@millwright/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import type { OeeRecord } from '../lib/oee/tracker.js';
import { oeeConfig } from './config.js';
import oee from './index.js';
import { createOee } from './oee.js';

const MIN = 60_000;
const T0 = Date.parse('2024-05-01T06:00:00Z');
let now = T0;
let h: NodeHarness | undefined;
let nodeContext: ContextStore | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** Runs the node with a fake clock (`now`) and a handle on its node context. */
async function run(config: Record<string, unknown>, start = T0) {
  now = start;
  const def = {
    ...oee,
    setup: (ctx: Parameters<typeof oee.setup>[0]) => {
      nodeContext = ctx.context.node;
      return createOee(ctx, () => now);
    },
  };
  h = await testNode(def, { config });
  return h;
}

const records = (harness: NodeHarness) =>
  harness.outputs(harness.nodeId).map((m: FlowMessage) => m.payload as OeeRecord);
const send = async (harness: NodeHarness, atMin: number, payload: Record<string, unknown>, expected: number) => {
  now = T0 + atMin * MIN;
  harness.input({ payload });
  await harness.next(expected);
};

const EARLY = { shifts: [{ name: 'early', start: '06:00', end: '14:00' }], timeZone: 'UTC', idealCycleTimeMs: 1_000 };

describe('oee node', () => {
  it('computes A × P × Q from state and cumulative counter messages (standard definitions, oee.com)', async () => {
    const harness = await run({ ...EARLY, emitOn: 'update' });
    await send(harness, 0, { state: 'running', total: 1_000, good: 900 }, 1); // counter baselines
    await send(harness, 60, { total: 4_600, good: 4_400 }, 2); // 3600 parts, 3500 good in 60 min
    await send(harness, 60, { state: 'down', reason: 'jam' }, 3);
    await send(harness, 90, { state: 'running' }, 4);
    const r = records(harness)[3];
    expect(r).toMatchObject({
      window: { start: '2024-05-01T06:00:00.000Z', end: '2024-05-01T07:30:00.000Z', name: 'early' },
      final: false,
      plannedTime: 90 * MIN,
      runTime: 60 * MIN,
      downtime: 30 * MIN,
      totalCount: 3_600,
      goodCount: 3_500,
      rejectCount: 100,
      performance: 1,
      losses: [{ reason: 'jam', durationMs: 30 * MIN, count: 1 }],
    });
    expect(r?.availability).toBeCloseTo(2 / 3, 12);
    expect(r?.quality).toBeCloseTo(3_500 / 3_600, 12);
    expect(r?.oee).toBeCloseTo((2 / 3) * (3_500 / 3_600), 12);
    expect(harness.outputs(harness.nodeId)[3]?.topic).toBe('oee');
    expect(harness.statuses(harness.nodeId).at(-1)?.status?.text).toBe('OEE 64.8 % (A 66.7 %, P 100.0 %, Q 97.2 %)');
    // The editor's OEE panel gets the newest record as a chart event (earlier ones coalesce).
    const chart = await harness.waitForEvent(
      (e): e is ChartEvent => e.type === 'chart' && e.kind === 'oee' && e.data.plannedTime === 90 * MIN,
      2_000,
    );
    expect(chart.data).toMatchObject({ availability: r?.availability, quality: r?.quality, losses: r?.losses });
  });

  it('sends the final record of a shift when the next message comes after its end, then starts afresh', async () => {
    const harness = await run({
      ...EARLY,
      shifts: [...EARLY.shifts, { name: 'late', start: '14:00', end: '22:00' }],
      emitOn: 'update',
      countMode: 'increment',
    });
    await send(harness, 0, { state: 'running', total: 10, good: 10 }, 1);
    await send(harness, 8 * 60 + 1, { total: 5, good: 4 }, 3);
    const [, final, late] = records(harness);
    expect(final).toMatchObject({
      final: true,
      window: { name: 'early', end: '2024-05-01T14:00:00.000Z' },
      totalCount: 10,
    });
    expect(final?.runTime).toBe(480 * MIN);
    expect(late).toMatchObject({ final: false, window: { name: 'late' }, totalCount: 5, goodCount: 4, runTime: MIN });
    const stored = nodeContext?.get('oee') as { current: OeeRecord; history: OeeRecord[] };
    expect(stored.history.map((x) => x.window.name)).toEqual(['early']);
    expect(stored.current.window.name).toBe('late');
  });

  it('handles a counter reset near zero (cumulative) and a wrap with counterMax', async () => {
    const harness = await run({ ...EARLY, emitOn: 'update', counterMax: 65_535 });
    await send(harness, 0, { state: 'running', total: 100 }, 1);
    await send(harness, 1, { total: 150 }, 2);
    await send(harness, 2, { total: 3 }, 3); // reset: 3 new parts
    await send(harness, 3, { total: 65_500 }, 4); // a jump no cycle time allows: held
    await send(harness, 4, { total: 65_530 }, 5);
    await send(harness, 5, { total: 4 }, 6); // the jump held (rebased), then a wrap: 5 + 1 + 4
    expect(records(harness).map((r) => r.totalCount)).toEqual([0, 50, 53, 53, 53, 53 + 30 + 10]);
    expect(records(harness)[3]).toMatchObject({
      heldCount: 65_497,
      glitches: [{ kind: 'jump', resolution: 'pending' }],
    });
  });

  it('missing counts: quality and performance are null with a reason; availability still reported', async () => {
    const harness = await run({ ...EARLY, emitOn: 'update' });
    await send(harness, 0, { state: 'running' }, 1);
    await send(harness, 30, { state: 'planned-stop', reason: 'break' }, 2);
    const r = records(harness)[1];
    expect(r).toMatchObject({ availability: 1, performance: null, quality: null, oee: null, plannedStopTime: 0 });
    expect(r?.reasons.quality).toBe('no counts received in the window');
    expect(harness.statuses(harness.nodeId).at(-1)?.status).toMatchObject({ fill: 'yellow' });
  });

  it('takes the ideal cycle time from messages (product change)', async () => {
    const harness = await run({ ...EARLY, idealCycleTimeMs: undefined, emitOn: 'update', countMode: 'increment' });
    await send(harness, 0, { state: 'running' }, 1);
    await send(harness, 10, { total: 300 }, 2); // no ideal cycle time yet
    expect(records(harness)[1]?.reasons.performance).toBe('ideal cycle time unknown');
    await send(harness, 11, { idealCycleTimeMs: 2_000 }, 3);
    await send(harness, 20, { total: 300 }, 4);
    // The first 300 parts have no ideal time, so the window's performance stays unknown...
    expect(records(harness)[3]?.performance).toBeNull();
    expect(records(harness)[3]?.idealCycleTime).toBe(2_000);
  });

  it('counts made after the ideal cycle time is known are valued at it', async () => {
    const harness = await run({ window: 'rolling', windowMs: 10 * MIN, emitOn: 'update', countMode: 'increment' });
    await send(harness, 0, { state: 'running', total: 50 }, 1); // no ideal cycle time yet
    await send(harness, 5, { idealCycleTimeMs: 2_000 }, 2);
    await send(harness, 15, { total: 150 }, 3); // window 5..15 min: 150 × 2 s = 5 min of 10
    expect(records(harness)[2]).toMatchObject({ totalCount: 150, performance: 0.5 });
  });

  it('rejects unknown states, negative counts and messages it cannot use', async () => {
    const harness = await run({ ...EARLY, countMode: 'increment' });
    harness.input({ payload: { state: 'broken' } });
    harness.input({ payload: { total: -3 } });
    harness.input({ payload: { temperature: 80 } });
    await harness.waitForEvent(() => harness.errors().length === 3);
    expect(harness.errors().map((e) => e.error.code)).toEqual([
      'invalid_state',
      'invalid_count',
      'unrecognized_message',
    ]);
  });

  it('between shifts nothing is sent and the status says so', async () => {
    const harness = await run({ ...EARLY, emitOn: 'update' }, Date.parse('2024-05-01T15:00:00Z'));
    harness.input({ payload: { state: 'running' } });
    await harness.idle();
    expect(harness.outputs(harness.nodeId)).toEqual([]);
    expect(harness.statuses(harness.nodeId).at(-1)?.status).toEqual({
      fill: 'grey',
      shape: 'ring',
      text: 'between shifts',
    });
  });

  it('tumbling windows close on their own timer; interval records come on a timer', async () => {
    const start = Date.parse('2024-05-01T06:00:00Z');
    const harness = await run(
      { window: 'tumbling', windowMs: 1_000, emitOn: 'interval', emitIntervalMs: 100, reorderToleranceMs: 0 },
      start + 960,
    );
    harness.input({ payload: { state: 'running' } });
    await harness.idle();
    now = start + 1_005;
    const [first] = await harness.next(1);
    const r = first?.payload as OeeRecord;
    expect(r).toMatchObject({
      final: true,
      window: { start: '2024-05-01T06:00:00.000Z', end: '2024-05-01T06:00:01.000Z' },
    });
    expect(r.runTime).toBe(40);
    const [, timed] = await harness.next(2, { timeoutMs: 3_000 });
    expect(timed?.payload).toMatchObject({ final: false, runTime: 5, window: { start: '2024-05-01T06:00:01.000Z' } });
  });

  it('rolling windows cover the last windowMs', async () => {
    const harness = await run({ window: 'rolling', windowMs: 10 * MIN, emitOn: 'update' });
    await send(harness, 0, { state: 'down', reason: 'setup' }, 1);
    await send(harness, 5, { state: 'running' }, 2);
    await send(harness, 20, { state: 'running', reason: 'x' }, 3);
    const r = records(harness)[2];
    expect(r).toMatchObject({ runTime: 10 * MIN, downtime: 0, availability: 1, losses: [] });
    expect(r?.window.start).toBe('2024-05-01T06:10:00.000Z');
  });

  it('config: validates time zones and HH:MM shift times', () => {
    expect(oeeConfig.safeParse({ timeZone: 'Europe/Berlin' }).success).toBe(true);
    const bad = oeeConfig.safeParse({ timeZone: 'Mars/Olympus', shifts: [{ name: 'a', start: '6:00', end: '24:00' }] });
    expect(bad.error?.issues.map((i) => i.path.join('.'))).toEqual(['shifts.0.start', 'shifts.0.end', 'timeZone']);
  });
});
