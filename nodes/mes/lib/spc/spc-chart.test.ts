import { describe, expect, it } from 'vitest';
import { SpcChart, type SpcChartOptions } from './spc-chart.js';
import { LOAN_COSTS, PISTON_RINGS } from './textbook-data.js';

const chart = (o: Partial<SpcChartOptions>) =>
  new SpcChart({ chart: 'i-mr', subgroupSize: 5, windowSize: 100, minPoints: 20, rules: ['nelson-1'], spec: {}, ...o });

describe('SpcChart X-bar/R', () => {
  it('piston rings (Montgomery Table 6.3): limits after 20 subgroups, capability of the window', () => {
    const c = chart({
      chart: 'xbar-r',
      minPoints: 20,
      rules: ['nelson-1', 'nelson-2'],
      spec: { lsl: 73.95, usl: 74.05 },
    });
    const results = PISTON_RINGS.map((s) => c.addSubgroup(s.x));
    // Phase I: no limits before 20 subgroups.
    expect(results[19]?.limits).toBeNull();
    expect(results[19]?.rulesSkipped).toMatch(/need 20 points/);
    // Subgroup 21 is judged against the limits of subgroups 1..20 (a point never widens its own limits).
    const first20 = PISTON_RINGS.slice(0, 20);
    const rbar = first20.reduce((a, s) => a + Math.max(...s.x) - Math.min(...s.x), 0) / 20;
    expect(results[20]?.limits?.location.ucl).toBeCloseTo(
      first20.reduce((a, s) => a + s.x.reduce((p, q) => p + q, 0) / 5, 0) / 20 + 0.577 * rbar,
      9,
    );
    expect(results[20]?.limitsSource).toBe('window');
    // The process is in control: no violations in subgroups 21..25.
    expect(results.flatMap((r) => r.violations)).toEqual([]);
    const last = results[24];
    expect(last?.point).toBeCloseTo(73.998, 3);
    expect(last?.dispersion).toBeCloseTo(0.035, 9);
    expect(last?.windowPoints).toBe(25);
    // Cp from R̄/d2 of all 25 subgroups: 0.1 / (6 · 0.02324/2.326) = 1.668 (book: 1.68 with σ̂ rounded to 0.0099).
    expect(last?.capability.cp).toBeCloseTo(0.1 / ((6 * 0.02324) / 2.326), 6);
    // Pp from the overall s of the 125 rings (s = 0.010199).
    expect(last?.capability.sigmaOverall).toBeCloseTo(0.010199, 6);
    expect(last?.capability.pp).toBeCloseTo(0.1 / (6 * 0.0101989), 4);
  });

  it('collects single values into subgroups; a full subgroup equals addSubgroup', () => {
    const a = chart({ chart: 'xbar-r', subgroupSize: 3, minPoints: 1 });
    const b = chart({ chart: 'xbar-r', subgroupSize: 3, minPoints: 1 });
    expect(a.addValue(1)).toBeNull();
    expect(a.addValue(2)).toBeNull();
    expect(a.pendingCount).toBe(2);
    expect(a.addValue(6)).toEqual(b.addSubgroup([1, 2, 6]));
    expect(a.pendingCount).toBe(0);
    expect(() => b.addSubgroup([1, 2])).toThrow(/3 values/);
    a.addValue(7);
    expect(() => a.addSubgroup([1, 2, 3])).toThrow(/1 single values are waiting/);
  });

  it('flags a subgroup beyond the limits on both the X-bar and the R chart', () => {
    const c = chart({ chart: 'xbar-r', subgroupSize: 2, minPoints: 4, rules: ['we-1'] });
    for (const s of [
      [10, 11],
      [11, 10],
      [10, 11],
      [11, 10],
    ])
      c.addSubgroup(s);
    // x̿ = 10.5, R̄ = 1: X-bar UCL = 10.5 + 1.88 = 12.38, R UCL = 3.267.
    const r = c.addSubgroup([15, 11]);
    expect(r.point).toBe(13);
    expect(r.violations).toEqual([
      { rule: 'we-1', ruleName: 'Western Electric 1: one point beyond 3σ', chart: 'xbar', value: 13 },
      { rule: 'we-1', ruleName: 'Western Electric 1: one point beyond 3σ', chart: 'r', value: 4 },
    ]);
  });
});

describe('SpcChart I-MR', () => {
  it('loan costs (Montgomery Example 6.5): a 21st week at 330 breaks the I and MR limits', () => {
    const c = chart({ chart: 'i-mr', minPoints: 20 });
    for (const x of LOAN_COSTS) c.addValue(x);
    const r = c.addValue(330);
    expect(r?.limits?.location.ucl).toBeCloseTo(300.5 + 2.66 * (148 / 19), 9);
    // 330 > 321.22 and |330 - 304| = 26 > 25.45.
    expect(r?.violations.map((v) => [v.chart, v.value])).toEqual([
      ['i', 330],
      ['mr', 26],
    ]);
  });

  it('the first value (n = 1) has no moving range and no capability', () => {
    const r = chart({ spec: { lsl: 0, usl: 10 } }).addValue(5);
    expect(r?.dispersion).toBeNull();
    expect(r?.capability.cp).toBeNull();
    expect(r?.capability.reasons.cp).toBe('needs at least 2 values');
    expect(r?.limits).toBeNull();
  });

  it('constant data: collapsed limits skip the rules and capability is null with a reason', () => {
    const c = chart({ minPoints: 5, spec: { lsl: 0, usl: 10 } });
    let r = c.addValue(5);
    for (let i = 0; i < 30; i++) r = c.addValue(5);
    expect(r?.limits?.location).toEqual({ cl: 5, ucl: 5, lcl: 5 });
    expect(r?.violations).toEqual([]);
    expect(r?.rulesSkipped).toMatch(/zero variation/);
    expect(r?.capability).toMatchObject({ cp: null, cpk: null, pp: null, ppk: null });
    expect(r?.capability.reasons.cpk).toMatch(/zero variation/);
    expect(JSON.stringify(r)).not.toMatch(/Infinity|NaN/);
  });

  it('fixed limits apply from the first point', () => {
    const c = chart({ fixedLimits: { location: { cl: 0, ucl: 3, lcl: -3 } }, rules: ['nelson-1', 'nelson-5'] });
    expect(c.addValue(0)?.limitsSource).toBe('fixed');
    expect(c.addValue(3.5)?.violations.map((v) => v.rule)).toEqual(['nelson-1']);
    expect(c.addValue(2.5)?.violations.map((v) => v.rule)).toEqual(['nelson-5']);
  });

  it('the window keeps the newest points only', () => {
    const c = chart({ windowSize: 3, minPoints: 3 });
    for (const x of [100, 1, 2, 3]) c.addValue(x);
    const r = c.addValue(4);
    expect(r?.windowPoints).toBe(3);
    // Limits for 4 came from the window [1, 2, 3] (100 dropped): x̄ = 2, MR̄ = 1.
    expect(r?.limits?.location).toEqual({ cl: 2, ucl: 2 + 2.66, lcl: 2 - 2.66 });
    expect(r?.capability.mean).toBe(3);
  });
});
