import { describe, expect, it } from 'vitest';
import { constantsFor, E2, MAX_SUBGROUP, MIN_SUBGROUP } from './constants.js';

/*
 * The table is checked two ways: against the printed values of Montgomery, Introduction to
 * Statistical Quality Control, 7th ed., Appendix VI (also ASTM E2587 Table 2), and against the
 * definitions, integrated numerically here so that a typo in the table cannot pass:
 *   d2(n) = E[W] = ∫ 1 - Φ(x)^n - (1 - Φ(x))^n dx                     (range W of n standard normals)
 *   E[W²] = 2 ∫∫_{x<y} 1 - Φ(y)^n - (1 - Φ(x))^n + (Φ(y) - Φ(x))^n dx dy,  d3 = sqrt(E[W²] - d2²)
 *   A2 = 3 / (d2 √n),  D3 = max(0, 1 - 3 d3/d2),  D4 = 1 + 3 d3/d2     (Montgomery eq. 6.4, 6.5, 6.10)
 */
const H = 0.01;
const L = 8;
const GRID = Array.from({ length: Math.round((2 * L) / H) + 1 }, (_, i) => -L + i * H);
const pdf = (x: number) => Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);
const CDF = GRID.reduce<number[]>((acc, x, i) => {
  acc.push(i === 0 ? 0 : (acc[i - 1] as number) + (H * (pdf(GRID[i - 1] as number) + pdf(x))) / 2);
  return acc;
}, []);
const at = (i: number) => CDF[i] as number;

function d2Integral(n: number): number {
  let s = 0;
  for (let i = 0; i < CDF.length; i++) {
    const w = i === 0 || i === CDF.length - 1 ? 0.5 : 1;
    s += w * (1 - at(i) ** n - (1 - at(i)) ** n);
  }
  return s * H;
}

function d3Integral(n: number, d2: number): number {
  const step = 4;
  let s = 0;
  for (let i = 0; i < CDF.length; i += step)
    for (let j = i; j < CDF.length; j += step) {
      const w = i === j ? 0.5 : 1;
      s += w * (1 - at(j) ** n - (1 - at(i)) ** n + (at(j) - at(i)) ** n);
    }
  return Math.sqrt(2 * s * (H * step) ** 2 - d2 * d2);
}

// Montgomery Appendix VI, rows n = 2..10: A2, D3, D4, d2.
const PRINTED: Array<[number, number, number, number, number]> = [
  [2, 1.88, 0, 3.267, 1.128],
  [3, 1.023, 0, 2.574, 1.693],
  [4, 0.729, 0, 2.282, 2.059],
  [5, 0.577, 0, 2.114, 2.326],
  [6, 0.483, 0, 2.004, 2.534],
  [7, 0.419, 0.076, 1.924, 2.704],
  [8, 0.373, 0.136, 1.864, 2.847],
  [9, 0.337, 0.184, 1.816, 2.97],
  [10, 0.308, 0.223, 1.777, 3.078],
];

describe('control chart constants', () => {
  it.each(PRINTED)('n = %i matches the printed table (A2 %f, D3 %f, D4 %f, d2 %f)', (n, a2, d3, d4, d2) => {
    expect(constantsFor(n)).toMatchObject({ n, a2, d3Lower: d3, d4, d2 });
  });

  it.each(PRINTED.map(([n]) => n))('n = %i agrees with the integrated range distribution', (n) => {
    const c = constantsFor(n);
    const d2 = d2Integral(n);
    const d3 = d3Integral(n, d2);
    expect(Math.abs(c.d2 - d2)).toBeLessThan(0.0006);
    expect(Math.abs(c.d3 - d3)).toBeLessThan(0.001);
    expect(Math.abs(c.a2 - 3 / (d2 * Math.sqrt(n)))).toBeLessThan(0.0006);
    expect(Math.abs(c.d4 - (1 + (3 * d3) / d2))).toBeLessThan(0.001);
    expect(Math.abs(c.d3Lower - Math.max(0, 1 - (3 * d3) / d2))).toBeLessThan(0.001);
  });

  it('E2 = 3/d2(2) = 2.66 for individuals charts', () => {
    expect(E2).toBe(2.66);
    expect(Math.abs(3 / constantsFor(2).d2 - E2)).toBeLessThan(0.001);
  });

  it('refuses sizes outside 2..10 (n = 1 has no range)', () => {
    expect([MIN_SUBGROUP, MAX_SUBGROUP]).toEqual([2, 10]);
    expect(() => constantsFor(1)).toThrow(RangeError);
    expect(() => constantsFor(11)).toThrow(/2\.\.10/);
    expect(() => constantsFor(2.5)).toThrow(RangeError);
  });
});
