import { describe, expect, it } from 'vitest';
import { DEBUG_LIMITS, toDebugValue } from './debug-value.js';

describe('toDebugValue', () => {
  it('bounds the whole value, not only each part', () => {
    // Within every per-part limit, yet 10 MB: a thousand strings of 10,000 characters.
    const big = Array.from({ length: 1_000 }, () => 'x'.repeat(10_000));
    const shown = toDebugValue({ a: big, b: big });
    expect(shown.truncated).toBe(true);
    expect(JSON.stringify(shown.value).length).toBeLessThan(DEBUG_LIMITS.maxTotal * 1.1);
  });

  it('leaves small values alone', () => {
    expect(toDebugValue({ a: [1, 'two', null], b: { c: true } })).toEqual({
      value: { a: [1, 'two', null], b: { c: true } },
      truncated: false,
    });
  });
});
