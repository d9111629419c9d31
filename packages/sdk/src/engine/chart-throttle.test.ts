import type { ChartEvent, ChartPayload, Flow, OeeChartData } from '@millwright/model';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { defineNode } from '../define-node.js';
import { runFlow } from '../harness/run-flow.js';
import { ChartThrottle } from './chart-throttle.js';

const oee = (n: number): ChartPayload => ({
  kind: 'oee',
  data: {
    window: { start: '2024-01-01T00:00:00.000Z', end: '2024-01-01T01:00:00.000Z', name: null },
    final: false,
    availability: n,
    performance: 1,
    quality: 1,
    oee: n,
    plannedTime: 0,
    runTime: 0,
    downtime: 0,
    totalCount: n,
    goodCount: n,
    rejectCount: 0,
    losses: [],
  } satisfies OeeChartData,
});

const availability = (p: ChartPayload) => (p.kind === 'oee' ? p.data.availability : undefined);

describe('ChartThrottle', () => {
  afterEach(() => vi.useRealTimers());

  it('sends the first point at once and coalesces a burst to its newest point after the interval', () => {
    vi.useFakeTimers({ now: 1_000 });
    const sent: Array<{ a: number | null | undefined; time: number }> = [];
    const t = new ChartThrottle({ emit: (p, time) => sent.push({ a: availability(p), time }), intervalMs: 100 });
    t.push(oee(1));
    vi.advanceTimersByTime(10);
    for (let i = 2; i <= 50; i++) t.push(oee(i));
    expect(sent).toEqual([{ a: 1, time: 1_000 }]);
    vi.advanceTimersByTime(89);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([
      { a: 1, time: 1_000 },
      { a: 50, time: 1_010 },
    ]);
    // Quiet again: the next point goes out at once.
    vi.advanceTimersByTime(500);
    t.push(oee(51));
    expect(sent.map((s) => s.a)).toEqual([1, 50, 51]);
  });

  it('keeps at most 10 events per second under a steady stream', () => {
    vi.useFakeTimers({ now: 0 });
    const at: number[] = [];
    const t = new ChartThrottle({ emit: () => at.push(Date.now()) });
    for (let ms = 0; ms < 2_000; ms++) {
      t.push(oee(ms));
      vi.advanceTimersByTime(1);
    }
    expect(at.filter((ms) => ms < 1_000)).toHaveLength(10);
    expect(at.slice(1).every((ms, i) => ms - at[i]! >= 100)).toBe(true);
  });

  it('rate-limits each kind on its own', () => {
    vi.useFakeTimers({ now: 0 });
    const kinds: string[] = [];
    const t = new ChartThrottle({ emit: (p) => kinds.push(p.kind) });
    const spc: ChartPayload = {
      kind: 'spc',
      data: {
        characteristic: 'd',
        chart: 'i-mr',
        unit: null,
        point: 1,
        range: null,
        cl: null,
        ucl: null,
        lcl: null,
        lsl: null,
        usl: null,
        target: null,
        violations: [],
        cp: null,
        cpk: null,
        pp: null,
        ppk: null,
        lot: null,
      },
    };
    t.push(oee(1));
    t.push(spc);
    expect(kinds).toEqual(['oee', 'spc']);
  });

  it('flush sends what is pending and cancels the timer', () => {
    vi.useFakeTimers({ now: 0 });
    const sent: Array<number | null | undefined> = [];
    const t = new ChartThrottle({ emit: (p) => sent.push(availability(p)) });
    t.push(oee(1));
    t.push(oee(2));
    t.flush();
    expect(sent).toEqual([1, 2]);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('ctx.chart in the engine', () => {
  const charting = defineNode({
    type: 'charting',
    category: 'test',
    version: 1,
    description: 'publishes payload as the availability of an OEE record',
    inputs: 1,
    outputs: [],
    config: z.object({}),
    setup(ctx) {
      return { input: (msg) => ctx.chart(oee(Number(msg.payload))) };
    },
  });
  const flow: Flow = {
    version: 1,
    id: 'f',
    name: 'f',
    nodes: [{ id: 'c', type: 'charting', typeVersion: 1, config: {}, position: { x: 0, y: 0 } }],
    wires: [],
  };

  it('emits chart events with the node and flow ids, coalesced to the newest', async () => {
    const h = await runFlow(flow, [charting]);
    for (let i = 1; i <= 30; i++) h.send('c', { payload: i });
    await h.idle();
    const last = await h.waitForEvent(
      (e): e is ChartEvent => e.type === 'chart' && e.kind === 'oee' && e.data.availability === 30,
      2_000,
    );
    const charts = h.events.filter((e): e is ChartEvent => e.type === 'chart');
    expect(charts.map((e) => (e.kind === 'oee' ? e.data.availability : null))).toEqual([1, 30]);
    expect(last).toMatchObject({ type: 'chart', flowId: 'f', nodeId: 'c', kind: 'oee' });
    await h.stop();
  });

  it('sends the pending point when the node stops', async () => {
    const h = await runFlow(flow, [charting]);
    h.send('c', { payload: 1 });
    h.send('c', { payload: 2 });
    await h.idle();
    await h.stop();
    const charts = h.events.filter((e): e is ChartEvent => e.type === 'chart');
    expect(charts.map((e) => (e.kind === 'oee' ? e.data.availability : null))).toEqual([1, 2]);
  });
});
