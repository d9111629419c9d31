/**
 * Control chart constants for subgroup sizes 2 to 10, as tabulated in Montgomery, *Introduction to
 * Statistical Quality Control* (7th ed., Appendix VI, "Factors for Constructing Variables Control
 * Charts") and ASTM E2587 Table 2. d3 is kept to check D3/D4 (D3 = max(0, 1 - 3 d3/d2), D4 = 1 + 3 d3/d2).
 */
export interface ChartConstants {
  /** Subgroup size. */
  n: number;
  /** X-bar chart limits: x̿ ± A2·R̄. */
  a2: number;
  /** R chart lower limit factor: D3·R̄. */
  d3Lower: number;
  /** R chart upper limit factor: D4·R̄. */
  d4: number;
  /** Mean of the relative range W = R/σ: σ̂ = R̄/d2. */
  d2: number;
  /** Standard deviation of the relative range. */
  d3: number;
}

const TABLE: readonly ChartConstants[] = [
  { n: 2, a2: 1.88, d3Lower: 0, d4: 3.267, d2: 1.128, d3: 0.853 },
  { n: 3, a2: 1.023, d3Lower: 0, d4: 2.574, d2: 1.693, d3: 0.888 },
  { n: 4, a2: 0.729, d3Lower: 0, d4: 2.282, d2: 2.059, d3: 0.88 },
  { n: 5, a2: 0.577, d3Lower: 0, d4: 2.114, d2: 2.326, d3: 0.864 },
  { n: 6, a2: 0.483, d3Lower: 0, d4: 2.004, d2: 2.534, d3: 0.848 },
  { n: 7, a2: 0.419, d3Lower: 0.076, d4: 1.924, d2: 2.704, d3: 0.833 },
  { n: 8, a2: 0.373, d3Lower: 0.136, d4: 1.864, d2: 2.847, d3: 0.82 },
  { n: 9, a2: 0.337, d3Lower: 0.184, d4: 1.816, d2: 2.97, d3: 0.808 },
  { n: 10, a2: 0.308, d3Lower: 0.223, d4: 1.777, d2: 3.078, d3: 0.797 },
];

/** Smallest and largest subgroup size with tabulated constants. */
export const MIN_SUBGROUP = 2;
export const MAX_SUBGROUP = 10;

/**
 * I-MR chart factor for the individuals limits: x̄ ± E2·MR̄ with E2 = 3/d2(2) = 3/1.128 ≈ 2.66
 * (Montgomery section 6.4; ASTM E2587 section 8).
 */
export const E2 = 2.66;

/**
 * The constants for subgroup size `n` (2..10).
 * @throws RangeError for any other size: the callers validate the config first.
 */
export function constantsFor(n: number): ChartConstants {
  const row = TABLE.find((r) => r.n === n);
  if (!row) throw new RangeError(`no control chart constants for subgroup size ${n} (supported: 2..10)`);
  return row;
}
