import { describe, expect, it } from 'vitest';
import { capability } from './capability.js';

/*
 * Formulas: Montgomery, Introduction to Statistical Quality Control, 7th ed., section 8.3:
 * Cp = (USL - LSL)/6σ, Cpu = (USL - μ)/3σ, Cpl = (μ - LSL)/3σ, Cpk = min(Cpu, Cpl); Pp/Ppk are the
 * same with the overall sample standard deviation (AIAG SPC manual, 2nd ed., chapter IV).
 */
describe('capability indices', () => {
  it('piston rings, specs 74.000 ± 0.05 with σ̂ = 0.0099: Cp = 1.68 (Montgomery section 6.2.1)', () => {
    const c = capability({ spec: { lsl: 73.95, usl: 74.05 }, mean: 74.001, sigmaWithin: 0.0099, sigmaOverall: 0.0099 });
    expect(c.cp).toBeCloseTo(0.1 / (6 * 0.0099), 12);
    expect(Number(c.cp?.toFixed(2))).toBe(1.68);
    // μ sits 0.001 above nominal, so the upper side is the nearer one: Cpk = (74.05 - 74.001)/3σ.
    expect(c.cpk).toBeCloseTo((74.05 - 74.001) / (3 * 0.0099), 12);
  });

  it('off-centre process USL 62, LSL 38, μ 53, σ 2: Cp = 2.0, Cpk = 1.5 (Montgomery section 8.3, process centering)', () => {
    const c = capability({ spec: { lsl: 38, usl: 62 }, mean: 53, sigmaWithin: 2, sigmaOverall: 4 });
    expect(c.cp).toBeCloseTo(2, 12);
    expect(c.cpk).toBeCloseTo(1.5, 12);
    // Overall σ twice as large halves the indices.
    expect(c.pp).toBeCloseTo(1, 12);
    expect(c.ppk).toBeCloseTo(0.75, 12);
    expect(c.reasons).toEqual({});
  });

  it('a mean outside the specification gives a negative Cpk, not a clamp', () => {
    const c = capability({ spec: { lsl: 38, usl: 62 }, mean: 63, sigmaWithin: 2, sigmaOverall: 2 });
    expect(c.cpk).toBeCloseTo(-1 / 6, 12);
  });

  it('one-sided lower spec, bottle bursting strength LSL 200, x̄ 264.06, s 32.02: Cpl = 0.67 (Montgomery section 8.3, one-sided specifications)', () => {
    const c = capability({ spec: { lsl: 200 }, mean: 264.06, sigmaWithin: 32.02, sigmaOverall: 32.02 });
    expect(Number(c.cpk?.toFixed(2))).toBe(0.67);
    expect(c.ppk).toBeCloseTo(64.06 / (3 * 32.02), 12);
    expect(c.cp).toBeNull();
    expect(c.pp).toBeNull();
    expect(c.reasons.cp).toMatch(/both LSL and USL/);
    expect(c.reasons.pp).toMatch(/one-sided/);
  });

  it('one-sided upper spec uses Cpu', () => {
    const c = capability({ spec: { usl: 10 }, mean: 7, sigmaWithin: 0.5, sigmaOverall: 1 });
    expect(c.cpk).toBeCloseTo(2, 12);
    expect(c.ppk).toBeCloseTo(1, 12);
  });

  it('constant data (σ = 0) gives null with a reason, never Infinity or NaN', () => {
    const c = capability({ spec: { lsl: 1, usl: 3 }, mean: 2, sigmaWithin: 0, sigmaOverall: 0 });
    expect([c.cp, c.cpk, c.pp, c.ppk]).toEqual([null, null, null, null]);
    expect(c.reasons.cp).toMatch(/zero variation/);
    expect(c.reasons.ppk).toMatch(/constant data/);
  });

  it('too few values (n = 1) and missing specs are named', () => {
    const one = capability({
      spec: { lsl: 1, usl: 3 },
      mean: 2,
      sigmaWithin: null,
      sigmaOverall: null,
      tooFew: 'needs at least 2 values',
    });
    expect(one.cp).toBeNull();
    expect(one.reasons).toEqual({
      cp: 'needs at least 2 values',
      cpk: 'needs at least 2 values',
      pp: 'needs at least 2 values',
      ppk: 'needs at least 2 values',
    });
    const none = capability({ spec: {}, mean: 2, sigmaWithin: 1, sigmaOverall: 1 });
    expect(none.cpk).toBeNull();
    expect(none.reasons.cpk).toBe('no specification limits');
  });
});
