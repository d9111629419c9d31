import { describe, expect, it } from 'vitest';
import { CounterTrack } from './counters.js';

describe('counter readings', () => {
  it('cumulative: the first reading is the baseline, then differences', () => {
    const c = new CounterTrack({ mode: 'cumulative' });
    expect([1000, 1003, 1003, 1010].map((v) => c.delta(v))).toEqual([0, 3, 0, 7]);
  });

  it('cumulative without a maximum: a decrease is a reset to 0', () => {
    const c = new CounterTrack({ mode: 'cumulative' });
    expect([1200, 1205, 3].map((v) => c.delta(v))).toEqual([0, 5, 3]);
  });

  it('cumulative with a maximum: a decrease near the top is a wrap, low down a reset', () => {
    const wrap = new CounterTrack({ mode: 'cumulative', max: 65_535 });
    // 65530 → 65535 is 5 parts, 65535 → 0 one more, 0 → 5 five more: 65530 → 5 is 11 parts.
    expect([65_530, 5].map((v) => wrap.delta(v))).toEqual([0, 11]);
    const reset = new CounterTrack({ mode: 'cumulative', max: 65_535 });
    expect([500, 2].map((v) => reset.delta(v))).toEqual([0, 2]);
  });

  it('increment mode passes readings through', () => {
    const c = new CounterTrack({ mode: 'increment' });
    expect([3, 0, 2].map((v) => c.delta(v))).toEqual([3, 0, 2]);
  });

  it('refuses negative, fractional and non-finite readings', () => {
    const c = new CounterTrack({ mode: 'increment' });
    for (const v of [-1, 1.5, Number.NaN, Infinity]) expect(() => c.delta(v)).toThrow(RangeError);
  });
});
