import { SpcChart, type SpcChartOptions, type SpcChartState, type SpcResult } from '../lib/spc/spc-chart.js';

/** One measurement message's values for a characteristic, at their production time. */
export interface Measurement {
  at: number;
  values: number[];
  lot: string | null;
  workOrder: string | null;
}

/** What the series keeps per characteristic, as JSON (node context `spcState`). */
export interface SeriesState {
  /** The chart before the first kept measurement. */
  checkpoint: SpcChartState;
  /** Production time of the newest measurement folded into the checkpoint. */
  checkpointAt: number | null;
  /** Measurements after the checkpoint, sorted by production time (equal times: arrival order). */
  kept: Measurement[];
}

/** What adding a measurement did. */
export interface Added {
  /** Chart points this measurement completed, in order. */
  results: SpcResult[];
  /** Points of later measurements that changed because this one was sorted in before them. */
  revised: number;
  /** Points of measurements folded into the checkpoint now (they can no longer change), oldest first. */
  settled: Array<{ m: Measurement; r: SpcResult }>;
}

/**
 * A characteristic's control chart fed in production-time order. A measurement older than the
 * newest is sorted in and the chart replayed from a checkpoint, so the points are those of the
 * same data arriving in order. Measurements older than `keepMs` behind the newest (or beyond
 * `maxKept`) are folded into the checkpoint and can no longer be sorted in.
 */
export class ChartSeries {
  private chart: SpcChart;
  private state: SeriesState;
  /** Results of each kept measurement (same index as `state.kept`). */
  private results: SpcResult[][] = [];

  constructor(
    private readonly options: SpcChartOptions & { keepMs: number; maxKept: number },
    restored?: SeriesState,
  ) {
    this.chart = new SpcChart(options);
    this.state = restored
      ? structuredClone(restored)
      : { checkpoint: this.chart.snapshot(), checkpointAt: null, kept: [] };
    if (restored) this.replay();
  }

  /** Production time of the newest measurement, or null. */
  get newest(): number | null {
    return this.state.kept.at(-1)?.at ?? this.state.checkpointAt;
  }

  /** Values waiting for their subgroup (X-bar/R). */
  get pendingCount(): number {
    return this.chart.pendingCount;
  }

  /** True when `at` is older than what can still be sorted in. */
  tooOld(at: number): boolean {
    return this.state.checkpointAt !== null && at < this.state.checkpointAt;
  }

  /** Adds a measurement where its production time puts it. */
  add(m: Measurement): Added {
    const kept = this.state.kept;
    let i = kept.length;
    while (i > 0 && (kept[i - 1] as Measurement).at > m.at) i--;
    kept.splice(i, 0, m);
    let added: Added;
    if (i === kept.length - 1) {
      const results = m.values.map((v) => this.chart.addValue(v)).filter((r): r is SpcResult => r !== null);
      this.results.push(results);
      added = { results, revised: 0, settled: [] };
    } else {
      const before = this.results.slice(i).flat();
      this.replay();
      const after = this.results.slice(i + 1).flat();
      const revised = after.filter((r, k) => JSON.stringify(r) !== JSON.stringify(before[k])).length;
      added = { results: this.results[i] ?? [], revised, settled: [] };
    }
    added.settled = this.fold();
    return added;
  }

  /** The newest `max` points of the kept measurements, oldest first. */
  points(max: number): Array<{ m: Measurement; r: SpcResult }> {
    const out: Array<{ m: Measurement; r: SpcResult }> = [];
    for (let i = this.state.kept.length - 1; i >= 0 && out.length < max; i--) {
      const m = this.state.kept[i] as Measurement;
      const rs = this.results[i] ?? [];
      for (let k = rs.length - 1; k >= 0 && out.length < max; k--) out.push({ m, r: rs[k] as SpcResult });
    }
    return out.reverse();
  }

  /** The state, for node context (which serializes it when set; the caller must not change it). */
  snapshot(): SeriesState {
    return this.state;
  }

  /** Rebuilds the chart from the checkpoint through every kept measurement. */
  private replay(): void {
    this.chart = new SpcChart(this.options);
    this.chart.restore(this.state.checkpoint);
    this.results = this.state.kept.map((k) =>
      k.values.map((v) => this.chart.addValue(v)).filter((r): r is SpcResult => r !== null),
    );
  }

  /** Moves measurements that can no longer be sorted in into the checkpoint; returns their points. */
  private fold(): Array<{ m: Measurement; r: SpcResult }> {
    const newest = this.newest ?? 0;
    const kept = this.state.kept;
    let n = 0;
    while (
      n < kept.length &&
      ((kept[n] as Measurement).at < newest - this.options.keepMs || kept.length - n > this.options.maxKept)
    )
      n++;
    if (n === 0) return [];
    const settled = this.state.kept.slice(0, n).flatMap((m, i) => (this.results[i] ?? []).map((r) => ({ m, r })));
    const chart = new SpcChart(this.options);
    chart.restore(this.state.checkpoint);
    for (const m of kept.slice(0, n)) for (const v of m.values) chart.addValue(v);
    this.state.checkpoint = chart.snapshot();
    this.state.checkpointAt = (kept[n - 1] as Measurement).at;
    this.state.kept = kept.slice(n);
    this.results = this.results.slice(n);
    return settled;
  }
}
