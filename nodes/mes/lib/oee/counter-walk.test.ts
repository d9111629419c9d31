import { describe, expect, it } from 'vitest';
import { walkCounter, type CounterWalkOptions, type Reading } from './counter-walk.js';

const S = 1_000;
/** A part every 2 s ideal, 10 % margin, resets only to 10 or below, two readings to judge. */
const opts = (o: Partial<CounterWalkOptions> = {}): CounterWalkOptions => ({
  mode: 'cumulative',
  resetBelow: 10,
  margin: 0.1,
  confirmSamples: 2,
  idealAt: () => 2 * S,
  ...o,
});
/** Readings every `every` ms from t = 0. */
const series = (values: number[], every = 60 * S): Reading[] => values.map((v, i) => [i * every, v]);
const counted = (readings: Reading[], o?: Partial<CounterWalkOptions>) =>
  walkCounter(readings, opts(o)).increments.reduce((a, [, n]) => a + n, 0);

describe('counter plausibility', () => {
  it('cumulative: the first reading is the baseline, then differences', () => {
    expect(walkCounter(series([1000, 1003, 1003, 1010]), opts()).increments).toEqual([
      [60 * S, 3],
      [180 * S, 7],
    ]);
  });

  it('jump 0 -> 1,000,000 in 0.3 s: held, then rebased when the level holds; only real parts count', () => {
    const jump: Reading[] = [
      [0, 0],
      [300, 1_000_000],
    ];
    const held = walkCounter(jump, opts());
    expect(held.increments).toEqual([]);
    expect(held.glitches).toEqual([
      { at: 300, kind: 'jump', from: 0, to: 1_000_000, resolution: 'pending', parts: 1_000_000 },
    ]);
    const settled = walkCounter([...jump, [10_300, 1_000_005], [20_300, 1_000_010]], opts());
    expect(settled.glitches[0]?.resolution).toBe('rebased');
    expect(settled.increments).toEqual([
      [10_300, 5],
      [20_300, 5],
    ]);
    // The same jump coming straight back is a spike: ignored, counting goes on from 0.
    const spike = walkCounter([...jump, [10_300, 5], [20_300, 10]], opts());
    expect(spike.glitches[0]?.resolution).toBe('spike');
    expect(counted([...jump, [10_300, 5], [20_300, 10]])).toBe(10);
  });

  it('a fast rise confirmed by the rate over the next readings counts (a counter updated per tray)', () => {
    const tray: Reading[] = [
      [0, 0],
      [300, 24], // 24 parts in 0.3 s: suspect
      [30_000, 24],
      [60_000, 30], // 30 parts in 60 s at 2 s each: possible
    ];
    const w = walkCounter(tray, opts());
    expect(w.glitches[0]?.resolution).toBe('confirmed');
    expect(counted(tray)).toBe(30);
  });

  it('single low sample and back: 100 -> 110 -> 50 -> 111 -> 112 counts 12 (was 10 + 50 + 61 + 1)', () => {
    const w = walkCounter(series([100, 110, 50, 111, 112]), opts());
    expect(w.glitches.map((g) => [g.kind, g.resolution])).toEqual([['drop', 'spike']]);
    expect(counted(series([100, 110, 50, 111, 112]))).toBe(12);
  });

  it('a drop that stays is a counter set, not a reset: 100 -> 110 -> 50 -> 52 -> 55 counts 10 + 5', () => {
    const values = [100, 110, 50, 52, 55];
    expect(walkCounter(series(values), opts()).glitches.map((g) => g.resolution)).toEqual(['rebased']);
    expect(counted(series(values))).toBe(15);
  });

  it('true reset near zero: 100 -> 110 -> 2 -> 5 counts 10 + 2 + 3', () => {
    const w = walkCounter(series([100, 110, 2, 5]), opts());
    expect(w.glitches).toEqual([]);
    expect(counted(series([100, 110, 2, 5]))).toBe(15);
  });

  it('slow drift: a counter 5 % over the ideal rate counts in full; one sagging slowly counts nothing', () => {
    // 21 parts per 40 s at a 2 s ideal (20 parts) is within the 10 % margin.
    const fast = series(
      Array.from({ length: 30 }, (_, i) => i * 21),
      40 * S,
    );
    expect(walkCounter(fast, opts()).glitches).toEqual([]);
    expect(counted(fast)).toBe(29 * 21);
    const sag = series([110, 109, 108, 107, 106, 105]);
    const w = walkCounter(sag, opts());
    expect(counted(sag)).toBe(0);
    expect(w.glitches.every((g) => g.kind === 'drop')).toBe(true);
  });

  it('a wrap near the maximum counts the parts across it', () => {
    expect(counted(series([65_530, 4]), { max: 65_535 })).toBe(10);
    expect(counted(series([500, 2]), { max: 65_535 })).toBe(2); // low down: a reset
  });

  it('increment mode: each reading is new parts; an impossible one is held and dropped unless confirmed', () => {
    expect(counted(series([3, 0, 2]), { mode: 'increment' })).toBe(5);
    const burst = series([3, 1_000_000, 2, 3]);
    const w = walkCounter(burst, opts({ mode: 'increment' }));
    expect(w.glitches.map((g) => g.resolution)).toEqual(['rebased']);
    expect(counted(burst, { mode: 'increment' })).toBe(8);
  });

  it('without an ideal cycle time no rate is judged', () => {
    expect(counted(series([0, 1_000_000]), { idealAt: () => null })).toBe(1_000_000);
  });

  it('continuing a walk reading by reading gives the walk of all readings at once', () => {
    const sequences: Array<[Reading[], Partial<CounterWalkOptions>]> = [
      [series([100, 110, 50, 111, 112, 2, 5, 1_000_000, 1_000_003, 1_000_004, 900, 901, 902]), {}],
      [series([3, 1_000_000, 2, 3, 0, 4]), { mode: 'increment' }],
      [series([65_530, 4, 8, 100_000, 12, 16]), { max: 65_535 }],
    ];
    for (const [readings, o] of sequences) {
      const whole = walkCounter(readings, opts(o));
      let step: ReturnType<typeof walkCounter> | undefined;
      for (let n = 1; n <= readings.length; n++) step = walkCounter(readings.slice(0, n), opts(o), step);
      expect({ ...step, resume: undefined }).toEqual({ ...whole, resume: undefined });
    }
  });
});
