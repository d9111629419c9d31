import { describe, expect, it } from 'vitest';
import { sameValue } from './read-back.js';

describe('sameValue (read-back verification)', () => {
  it('compares a Float at the 32-bit precision the server stores', () => {
    expect(sameValue(Math.fround(0.1), 0.1, 'Float')).toBe(true);
    expect(sameValue([Math.fround(0.1), 2], [0.1, 2], 'Float')).toBe(true);
    expect(sameValue(Math.fround(0.1), 0.1, 'Double')).toBe(false);
    expect(sameValue(0.2, 0.1, 'Float')).toBe(false);
  });

  it('compares strings, arrays, dates and bytes by value', () => {
    expect(sameValue('WO-1', 'WO-1', 'String')).toBe(true);
    expect(sameValue('WO-1', 'WO-2', 'String')).toBe(false);
    expect(sameValue([1, 2], [1, 2], 'Int32')).toBe(true);
    expect(sameValue([1, 2], [2, 1], 'Int32')).toBe(false);
    expect(sameValue(new Date(5), new Date(5), 'DateTime')).toBe(true);
    expect(sameValue(new Uint8Array([1, 2]), new Uint8Array([1, 2]), 'ByteString')).toBe(true);
    expect(sameValue(new Uint8Array([1, 2]), new Uint8Array([1, 3]), 'ByteString')).toBe(false);
  });
});
