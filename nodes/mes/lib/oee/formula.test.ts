import { describe, expect, it } from 'vitest';
import { oeeFactors } from './formula.js';

const MIN = 60_000;

describe('OEE formula', () => {
  it('oee.com worked example: 8 h shift, 60 min breaks, 47 min down, 1.0 s ideal, 19,271 total, 423 rejects', () => {
    // Source: oee.com, "OEE Calculation" (Planned Production Time 420 min, Run Time 373 min,
    // Availability 88.81 %, Performance 86.11 %, Quality 97.80 %, OEE 74.79 %).
    const f = oeeFactors({
      plannedTimeMs: 420 * MIN,
      runTimeMs: 373 * MIN,
      idealTimeMs: 19_271 * 1_000,
      totalCount: 19_271,
      goodCount: 19_271 - 423,
    });
    expect(f.availability).toBeCloseTo(0.8881, 4);
    expect(f.performance).toBeCloseTo(0.8611, 4);
    expect(f.quality).toBeCloseTo(0.978, 4);
    expect(f.oee).toBeCloseTo(0.7479, 4);
    // The "simple" definition: OEE = Good Count × Ideal Cycle Time / Planned Production Time.
    expect(f.oee).toBeCloseTo((18_848 * 1) / (420 * 60), 12);
    expect(f.reasons).toEqual({});
    expect(f.warnings).toEqual([]);
  });

  it('Nakajima (Introduction to TPM, 1988) example: 460 min loading, 60 min down, 0.5 min ideal, 400 units, 98 % good', () => {
    // Availability 400/460 = 87 %, performance 0.5 × 400 / 400 = 50 %, OEE = 0.87 × 0.50 × 0.98 ≈ 42.6 %.
    const f = oeeFactors({
      plannedTimeMs: 460 * MIN,
      runTimeMs: 400 * MIN,
      idealTimeMs: 400 * 0.5 * MIN,
      totalCount: 400,
      goodCount: 392,
    });
    expect(f.availability).toBeCloseTo(0.8696, 4);
    expect(f.performance).toBe(0.5);
    expect(f.quality).toBe(0.98);
    expect(f.oee).toBeCloseTo(0.4261, 4);
  });

  it('performance above 100 % is capped in OEE, reported raw, and warned about', () => {
    const f = oeeFactors({ plannedTimeMs: 100, runTimeMs: 100, idealTimeMs: 120, totalCount: 12, goodCount: 12 });
    expect(f.performanceRaw).toBeCloseTo(1.2, 12);
    expect(f.performance).toBe(1);
    expect(f.oee).toBe(1);
    expect(f.warnings[0]).toMatch(/120\.0 % is above 100 %/);
  });

  it('missing counts: performance and quality null with a reason, availability still computed', () => {
    const f = oeeFactors({ plannedTimeMs: 100, runTimeMs: 80, idealTimeMs: 0, totalCount: null, goodCount: null });
    expect(f).toMatchObject({ availability: 0.8, performance: null, quality: null, oee: null });
    expect(f.reasons).toEqual({
      performance: 'no counts received in the window',
      quality: 'no counts received in the window',
      oee: 'needs performance, quality',
    });
  });

  it('nothing produced while running: performance 0, quality undefined (0/0)', () => {
    const f = oeeFactors({ plannedTimeMs: 100, runTimeMs: 100, idealTimeMs: 0, totalCount: 0, goodCount: 0 });
    expect(f.performance).toBe(0);
    expect(f.quality).toBeNull();
    expect(f.reasons.quality).toMatch(/total count 0/);
  });

  it('no planned time, no run time, unknown ideal cycle time and impossible counts give null, never NaN', () => {
    const none = oeeFactors({ plannedTimeMs: 0, runTimeMs: 0, idealTimeMs: 10, totalCount: 5, goodCount: 5 });
    expect(none).toMatchObject({ availability: null, performance: null, quality: 1 });
    expect(none.reasons.availability).toMatch(/no planned production time/);
    expect(none.reasons.performance).toMatch(/no run time/);
    const noIdeal = oeeFactors({ plannedTimeMs: 10, runTimeMs: 10, idealTimeMs: null, totalCount: 5, goodCount: 5 });
    expect(noIdeal.reasons.performance).toBe('ideal cycle time unknown');
    const bad = oeeFactors({ plannedTimeMs: 10, runTimeMs: 10, idealTimeMs: 5, totalCount: 5, goodCount: 6 });
    expect(bad.quality).toBeNull();
    expect(bad.reasons.quality).toMatch(/not within 0 \.\. total count 5/);
    expect(JSON.stringify([none, noIdeal, bad])).not.toMatch(/NaN|Infinity/);
  });
});
