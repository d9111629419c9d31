import { describe, expect, it } from 'vitest';
import { showValue } from './show-value.js';

describe('showValue', () => {
  it('names NaN, Infinity and other non-JSON values instead of printing null', () => {
    expect(showValue(Number.NaN)).toBe('NaN');
    expect(showValue(Number.POSITIVE_INFINITY)).toBe('Infinity');
    expect(showValue([1, Number.NaN, Number.NEGATIVE_INFINITY])).toBe('[1,NaN,-Infinity]');
    expect(showValue({ total: Number.NaN, id: 5n, gone: undefined })).toBe('{"total":NaN,"id":5n,"gone":undefined}');
    expect(showValue(undefined)).toBe('undefined');
    expect(showValue(new Uint8Array(3))).toBe('<3 bytes>');
    expect(showValue(new Date('2024-05-01T06:00:00Z'))).toBe('2024-05-01T06:00:00.000Z');
    expect(showValue(new Date('nope'))).toBe('Invalid Date');
  });

  it('keeps JSON as JSON and cuts long values', () => {
    expect(showValue({ a: 'x', b: [null, 1.5] })).toBe('{"a":"x","b":[null,1.5]}');
    expect(showValue('NaN')).toBe('"NaN"');
    expect(showValue('x'.repeat(50), 10)).toBe('"xxxxxxxx…');
  });
});
