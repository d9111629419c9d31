/** Descriptive statistics used by the control charts and capability indices. */

/** Arithmetic mean; NaN for an empty list (callers check the length first). */
export function mean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Largest minus smallest value; 0 for one value. */
export function range(values: readonly number[]): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return values.length === 0 ? 0 : hi - lo;
}

/**
 * Sample standard deviation s = sqrt(Σ(x - x̄)² / (n - 1)); null below two values. Exactly 0 when
 * every value is equal, so that rounding in the mean cannot fake a tiny spread.
 */
export function sampleStdDev(values: readonly number[]): number | null {
  if (values.length < 2) return null;
  if (range(values) === 0) return 0;
  const m = mean(values);
  let ss = 0;
  for (const v of values) ss += (v - m) ** 2;
  return Math.sqrt(ss / (values.length - 1));
}

/** |x[i] - x[i-1]| for i = 1..n-1: the moving ranges of span 2 used by I-MR charts. */
export function movingRanges(values: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < values.length; i++) out.push(Math.abs((values[i] as number) - (values[i - 1] as number)));
  return out;
}
