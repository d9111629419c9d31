import { describe, expect, it } from 'vitest';
import { iMrLimits, subgroupPoint, xbarRLimits } from './control-limits.js';
import { mean, movingRanges, range, sampleStdDev } from './stats.js';
import { LOAN_COSTS, PISTON_RINGS } from './textbook-data.js';

/** |a - b| ≤ tol: the books round intermediate results to the printed digits. */
const near = (a: number, b: number, tol: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(tol);

describe('statistics', () => {
  it('mean, range, sample standard deviation and moving ranges of a hand-computed case', () => {
    // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, Σ(x-x̄)² = 32, s = sqrt(32/7) = 2.138...
    const v = [2, 4, 4, 4, 5, 5, 7, 9];
    expect(mean(v)).toBe(5);
    expect(range(v)).toBe(7);
    expect(sampleStdDev(v)).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(movingRanges([3, 5, 2, 2])).toEqual([2, 3, 0]);
  });

  it('edge cases: one value, constant data, empty lists', () => {
    expect(sampleStdDev([5])).toBeNull();
    expect(sampleStdDev([])).toBeNull();
    expect(range([5])).toBe(0);
    expect(range([])).toBe(0);
    expect(movingRanges([5])).toEqual([]);
    // 0.1 three times: the floating-point mean is not exactly 0.1, yet s must be exactly 0.
    expect(sampleStdDev([0.1, 0.1, 0.1])).toBe(0);
  });
});

describe('X-bar/R limits', () => {
  it('Montgomery Table 6.3 piston rings: x̿ = 74.001, R̄ = 0.023, X-bar 73.988 .. 74.014, R 0 .. 0.049', () => {
    // Our reading of the data reproduces every printed subgroup mean and range.
    for (const s of PISTON_RINGS) {
      near(subgroupPoint(s.x).mean, s.mean, 0.0005 + 1e-9);
      near(subgroupPoint(s.x).range, s.range, 1e-9);
    }
    const l = xbarRLimits(PISTON_RINGS.map((s) => s.x));
    if (!l) throw new Error('no limits');
    near(l.location.cl, 74.001, 0.0005);
    near(l.dispersion.cl, 0.023, 0.0005);
    // The book computes with R̄ rounded to 0.023; exact R̄ = 0.02324 moves the limits by < 0.001.
    near(l.location.ucl, 74.014, 0.001);
    near(l.location.lcl, 73.988, 0.001);
    near(l.dispersion.ucl, 2.114 * 0.023, 0.001);
    expect(l.dispersion.lcl).toBe(0);
    near(l.sigmaWithin, 0.0099, 0.0001);
    // Exact values from the data: x̿ = 1850.0294/25, R̄ = 0.581/25.
    expect(l.location.cl).toBeCloseTo(74.001176, 6);
    expect(l.dispersion.cl).toBeCloseTo(0.02324, 6);
    expect(l.location.ucl).toBeCloseTo(74.001176 + 0.577 * 0.02324, 6);
  });

  it('hand-computed n = 3 case uses A2 = 1.023, D3 = 0, D4 = 2.574', () => {
    // Subgroups (1,2,3), (2,4,6): means 2, 4 → x̿ = 3; ranges 2, 4 → R̄ = 3.
    const l = xbarRLimits([
      [1, 2, 3],
      [2, 4, 6],
    ]);
    expect(l?.location).toEqual({ cl: 3, ucl: 3 + 1.023 * 3, lcl: 3 - 1.023 * 3 });
    expect(l?.dispersion).toEqual({ cl: 3, ucl: 2.574 * 3, lcl: 0 });
    expect(l?.sigmaWithin).toBeCloseTo(3 / 1.693, 12);
  });

  it('n = 7 has a positive R chart lower limit D3·R̄', () => {
    const l = xbarRLimits([[0, 1, 2, 3, 4, 5, 6]]);
    expect(l?.dispersion.lcl).toBeCloseTo(0.076 * 6, 12);
  });

  it('constant data collapses the limits onto the center line; no subgroups gives null', () => {
    const l = xbarRLimits([
      [5, 5],
      [5, 5],
    ]);
    expect(l).toEqual({ location: { cl: 5, ucl: 5, lcl: 5 }, dispersion: { cl: 0, ucl: 0, lcl: 0 }, sigmaWithin: 0 });
    expect(xbarRLimits([])).toBeNull();
  });

  it('refuses unequal or untabulated subgroup sizes (n = 1)', () => {
    expect(() =>
      xbarRLimits([
        [1, 2],
        [1, 2, 3],
      ]),
    ).toThrow(/same size/);
    expect(() => xbarRLimits([[1], [2]])).toThrow(RangeError);
  });
});

describe('I-MR limits', () => {
  it('Montgomery Example 6.5 loan costs: x̄ = 300.5, MR̄ = 7.79, I 279.78 .. 321.22, MR UCL 25.45', () => {
    const l = iMrLimits(LOAN_COSTS);
    if (!l) throw new Error('no limits');
    expect(l.location.cl).toBeCloseTo(300.5, 10);
    near(l.dispersion.cl, 7.79, 0.005);
    // The book uses 3/d2 = 3/1.128 (2.6596); we use the tabulated E2 = 2.66: a 0.003 difference.
    near(l.location.ucl, 321.22, 0.01);
    near(l.location.lcl, 279.78, 0.01);
    near(l.dispersion.ucl, 25.45, 0.01);
    expect(l.dispersion.lcl).toBe(0);
    // Exact: MR̄ = 148/19.
    expect(l.dispersion.cl).toBeCloseTo(148 / 19, 12);
    expect(l.sigmaWithin).toBeCloseTo(148 / 19 / 1.128, 12);
  });

  it('n = 1 gives no limits (no moving range); two values give the first', () => {
    expect(iMrLimits([7])).toBeNull();
    expect(iMrLimits([])).toBeNull();
    expect(iMrLimits([10, 14])).toEqual({
      location: { cl: 12, ucl: 12 + 2.66 * 4, lcl: 12 - 2.66 * 4 },
      dispersion: { cl: 4, ucl: 3.267 * 4, lcl: 0 },
      sigmaWithin: 4 / 1.128,
    });
  });
});
