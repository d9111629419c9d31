import { constantsFor, E2 } from './constants.js';
import { mean, movingRanges, range } from './stats.js';

/** Center line and 3σ limits of one chart. */
export interface ControlLimits {
  cl: number;
  ucl: number;
  lcl: number;
}

/** Limits of a pair of charts: location (X-bar or I) and dispersion (R or MR). */
export interface ChartLimits {
  location: ControlLimits;
  dispersion: ControlLimits;
  /** Within-subgroup σ estimate: R̄/d2 (X-bar/R) or MR̄/d2(2) = MR̄/1.128 (I-MR). */
  sigmaWithin: number;
}

/** The plotted point of one subgroup on an X-bar/R chart. */
export function subgroupPoint(values: readonly number[]): { mean: number; range: number } {
  return { mean: mean(values), range: range(values) };
}

/**
 * X-bar/R limits from k subgroups of equal size n (2..10): x̿ ± A2·R̄ and D3·R̄ .. D4·R̄, with
 * σ̂ = R̄/d2 (Montgomery, section 6.2.1, eq. 6.4 and 6.5). Null without subgroups.
 * @throws RangeError when subgroup sizes differ or fall outside 2..10.
 */
export function xbarRLimits(subgroups: readonly (readonly number[])[]): ChartLimits | null {
  const first = subgroups[0];
  if (!first) return null;
  const n = first.length;
  if (subgroups.some((s) => s.length !== n)) throw new RangeError('subgroups must all have the same size');
  const c = constantsFor(n);
  const points = subgroups.map(subgroupPoint);
  const xbarbar = mean(points.map((p) => p.mean));
  const rbar = mean(points.map((p) => p.range));
  return {
    location: { cl: xbarbar, ucl: xbarbar + c.a2 * rbar, lcl: xbarbar - c.a2 * rbar },
    dispersion: { cl: rbar, ucl: c.d4 * rbar, lcl: c.d3Lower * rbar },
    sigmaWithin: rbar / c.d2,
  };
}

/**
 * Individuals and moving-range limits: x̄ ± E2·MR̄ (E2 = 2.66) and 0 .. D4(2)·MR̄ = 3.267·MR̄, with
 * σ̂ = MR̄/1.128 (Montgomery, section 6.4, eq. 6.33). Null below two values (no moving range).
 */
export function iMrLimits(values: readonly number[]): ChartLimits | null {
  if (values.length < 2) return null;
  const xbar = mean(values);
  const mrbar = mean(movingRanges(values));
  const c = constantsFor(2);
  return {
    location: { cl: xbar, ucl: xbar + E2 * mrbar, lcl: xbar - E2 * mrbar },
    dispersion: { cl: mrbar, ucl: c.d4 * mrbar, lcl: 0 },
    sigmaWithin: mrbar / c.d2,
  };
}
