/** One memory sample of the soak run. */
export interface SoakSample {
  /** Seconds since the flow started. */
  t: number;
  rssMb: number;
  mainHeapMb: number;
  workerHeapMb: number;
  /** Messages the flow's source had emitted so far. */
  emitted: number;
  /** Messages the sink had received so far. */
  sunk: number;
}

/** Least-squares slope of `y` over `x`; 0 for fewer than two points. */
export function slope(points: ReadonlyArray<{ x: number; y: number }>): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.x - mx) * (p.y - my);
    den += (p.x - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

/** The soak verdict: growth per minute of each memory figure after the warm-up. */
export interface SoakVerdict {
  /** Samples used: the last 80 % (the first 20 % are warm-up). */
  samples: number;
  rssMbPerMin: number;
  mainHeapMbPerMin: number;
  workerHeapMbPerMin: number;
  /** Mean throughput at the source over the whole run, msgs/s. */
  emittedPerSec: number;
  /** Messages emitted but not (yet) at the sink at the last sample. */
  backlog: number;
  flat: boolean;
}

/**
 * Memory is "flat" when RSS and both heaps grow by less than `limitMbPerMin` (default 1 MB/min)
 * over the last 80 % of the samples, i.e. after a warm-up of the first 20 %.
 */
export function verdict(samples: readonly SoakSample[], limitMbPerMin = 1): SoakVerdict {
  const tail = samples.slice(Math.floor(samples.length * 0.2));
  const per = (pick: (s: SoakSample) => number) => slope(tail.map((s) => ({ x: s.t / 60, y: pick(s) })));
  const rssMbPerMin = per((s) => s.rssMb);
  const mainHeapMbPerMin = per((s) => s.mainHeapMb);
  const workerHeapMbPerMin = per((s) => s.workerHeapMb);
  const last = samples.at(-1);
  return {
    samples: tail.length,
    rssMbPerMin,
    mainHeapMbPerMin,
    workerHeapMbPerMin,
    emittedPerSec: last && last.t > 0 ? last.emitted / last.t : 0,
    backlog: last ? last.emitted - last.sunk : 0,
    flat: tail.length >= 3 && [rssMbPerMin, mainHeapMbPerMin, workerHeapMbPerMin].every((v) => v < limitMbPerMin),
  };
}
