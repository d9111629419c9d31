import type { FlowMessage } from '@millwright/model';
import { MemoryContextStore, testNode, type NodeHarness } from '@millwright/sdk';
import { LineModel, REASON_CODES } from '@millwright/sim-plc';
import { afterEach, describe, expect, it } from 'vitest';
import type { OeeRecord } from '../../nodes/mes/lib/oee/tracker.js';
import oee from '../../nodes/mes/oee/index.js';
import { createOee } from '../../nodes/mes/oee/oee.js';
import qualityCheck from '../../nodes/mes/quality-check/index.js';
import { createQualityCheck, SPC_CONTEXT_KEY } from '../../nodes/mes/quality-check/quality-check.js';
import type { ChartHistory } from '../../nodes/mes/quality-check/spc-entry.js';

/**
 * Two one-hour shifts of the sim PLC's line model (Machine1: ideal cycle 2 s, random jams, tool
 * changes, starvation, temperature drift), sampled like an OPC UA subscription: state and counters
 * every 5 s, the temperature every 30 s, each value with its source timestamp. Replayed twice on a
 * simulated clock: as produced, and with a 10-minute outage across the shift change during which
 * the edge buffers the values and delivers them afterwards. The shift figures and the SPC points
 * must come out the same.
 */
const T0 = Date.parse('2024-05-01T06:00:00Z');
const END = T0 + 2 * 3_600_000;
const OUTAGE = { from: T0 + 55 * 60_000, to: T0 + 65 * 60_000 };
const OEE_CONFIG = {
  window: 'shift',
  shifts: [
    { name: 'early', start: '06:00', end: '07:00' },
    { name: 'late', start: '07:00', end: '08:00' },
  ],
  idealCycleTimeMs: 2_000,
  countMode: 'cumulative',
  totalProperty: '',
  emitOn: 'update',
};
const SPC_CONFIG = {
  characteristics: [{ name: 'temperature', property: 'payload.temperature', lsl: 55, usl: 75, unit: '°C' }],
  historySize: 1_000,
};

interface Sample {
  to: 'oee' | 'spc';
  at: number;
  payload: Record<string, unknown>;
}

/** What the PLC produced: deterministic for the seed. */
function produce(): Sample[] {
  const line = new LineModel({ seed: 7 });
  const out: Sample[] = [];
  for (let t = T0; t <= END; t += 100) {
    if (t > T0) line.tick(0.1);
    const m = line.snapshot().machines[0]!;
    if ((t - T0) % 5_000 === 0) {
      const state = m.state === 'down' ? 'down' : m.state === 'idle' ? 'idle' : 'running';
      const reason = m.reasonCode === 0 ? '' : REASON_CODES[m.reasonCode].text;
      out.push({ to: 'oee', at: t, payload: { state, reason, good: m.goodCount, reject: m.rejectCount } });
    }
    if ((t - T0) % 30_000 === 0) out.push({ to: 'spc', at: t, payload: { temperature: m.temperature } });
  }
  return out;
}

/** When each sample arrives: 50 ms after production, or (outage) at its end, in order, as the edge flushes. */
function deliveries(samples: Sample[], outage: boolean): Array<Sample & { arrive: number }> {
  const arrive = (s: Sample) => (outage && s.at >= OUTAGE.from && s.at < OUTAGE.to ? OUTAGE.to + 10 : s.at + 50);
  return samples.map((s) => ({ ...s, arrive: arrive(s) })).sort((a, b) => a.arrive - b.arrive || a.at - b.at);
}

const running: NodeHarness[] = [];
afterEach(async () => {
  for (const h of running.splice(0)) await h.stop();
});

async function replay(outage: boolean) {
  let now = T0;
  const oeeStore = new MemoryContextStore();
  const spcStore = new MemoryContextStore();
  const o = await testNode(
    { ...oee, setup: (ctx) => createOee({ ...ctx, context: { ...ctx.context, node: oeeStore } }, () => now) },
    { config: OEE_CONFIG },
  );
  const q = await testNode(
    {
      ...qualityCheck,
      setup: (ctx) => createQualityCheck({ ...ctx, context: { ...ctx.context, node: spcStore } }, () => now),
    },
    { config: SPC_CONFIG },
  );
  running.push(o, q);
  const all = [
    ...deliveries(produce(), outage),
    { to: 'oee' as const, at: END + 15_000, arrive: END + 15_000, payload: { state: 'idle' } },
  ];
  for (const s of all) {
    now = s.arrive;
    const target = s.to === 'oee' ? o : q;
    target.input({ payload: s.payload, opcua: { sourceTimestamp: new Date(s.at) } } as Partial<FlowMessage>);
    await target.idle();
  }
  const records = o.outputs(o.nodeId).map((m) => m.payload as OeeRecord);
  const finals = records.filter((r) => r.final);
  const lastFinal = (name: string) => {
    const { restated: _, ...r } = finals.filter((f) => f.window.name === name).at(-1) ?? ({} as OeeRecord);
    return r;
  };
  const spc = (JSON.parse(JSON.stringify(spcStore.get(SPC_CONTEXT_KEY))) as Record<string, ChartHistory>)[
    'temperature'
  ];
  return { finals, early: lastFinal('early'), late: lastFinal('late'), spc, errors: [...o.errors(), ...q.errors()] };
}

describe('MES shift replay with a 10-minute outage', () => {
  it('gives the same shift OEE and SPC points as the same data without the outage', { timeout: 30_000 }, async () => {
    const straight = await replay(false);
    const buffered = await replay(true);
    expect(straight.errors).toEqual([]);
    expect(buffered.errors).toEqual([]);

    // Sanity: a real shift with stops, losses and counts.
    expect(straight.early.totalCount).toBeGreaterThan(1_200);
    expect(straight.early.losses.length).toBeGreaterThan(0);
    expect(straight.early.oee).toBeGreaterThan(0.5);
    expect(straight.finals.every((r) => !r.restated)).toBe(true);

    // The outage cut the early shift's final short; the buffered values restated it.
    const early = buffered.finals.filter((r) => r.window.name === 'early');
    expect(early.map((r) => r.restated ?? false)).toEqual([false, true]);
    expect(early[0]!.totalCount).toBeLessThan(early[1]!.totalCount!);

    expect(buffered.early).toEqual(straight.early);
    expect(buffered.late).toEqual(straight.late);
    expect(buffered.spc?.points).toHaveLength(241);
    expect(buffered.spc).toEqual(straight.spc);
    console.log(
      `shift replay: early OEE ${straight.early.oee?.toFixed(4)} (${straight.early.totalCount} parts), late OEE ${straight.late.oee?.toFixed(4)} (${straight.late.totalCount} parts); first early final during the outage ${early[0]!.totalCount} parts, restated ${early[1]!.totalCount}; ${buffered.spc?.points.length} SPC points equal`,
    );
  });
});
