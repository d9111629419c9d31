import { describe, expect, it } from 'vitest';
import { diffJson, formatDiff, show } from './json-diff.js';

describe('diffJson', () => {
  it('finds nothing when an expected subset matches', () => {
    expect(
      diffJson({ payload: { temp: 80 } }, { id: 'x', payload: { temp: 80, unit: 'C' }, topic: 't' }, 'subset'),
    ).toEqual([]);
  });

  it('reports changed, missing and (in exact mode) unexpected keys with their paths', () => {
    const d = diffJson(
      { payload: { temp: 80, tags: ['a', 'b'] }, topic: 'oven' },
      { payload: { temp: 81, tags: ['a'], extra: true } },
      'exact',
    );
    expect(formatDiff(d)).toEqual([
      'payload.temp: expected 80, got 81',
      'payload.tags[1]: missing (expected "b")',
      'payload.extra: not expected (got true)',
      'topic: missing (expected "oven")',
    ]);
  });

  it('treats arrays by position and length even in subset mode', () => {
    expect(formatDiff(diffJson([1, 2], [1, 2, 3], 'subset'))).toEqual(['[2]: not expected (got 3)']);
  });

  it('quotes keys that are not identifiers and compares types strictly', () => {
    expect(
      formatDiff(
        diffJson({ headers: { 'content-type': 'a' }, n: 1 }, { headers: { 'content-type': 'b' }, n: '1' }, 'subset'),
      ),
    ).toEqual(['headers["content-type"]: expected "a", got "b"', 'n: expected 1, got "1"']);
  });

  it('shows long values cut and binary as a byte count', () => {
    expect(show('x'.repeat(300)).length).toBe(200);
    expect(show(new Uint8Array(3))).toBe('<3 bytes>');
    expect(show(undefined)).toBe('undefined');
    expect(show({ count: Number.NaN, rate: Number.POSITIVE_INFINITY })).toBe('{"count":NaN,"rate":Infinity}');
  });
});
