import { describe, expect, it } from 'vitest';
import { getPath, msgPath, msgPathProblem } from './msg-path.js';

describe('message paths', () => {
  it('reads nested properties and array items', () => {
    const msg = { payload: { lot: 'L1', values: [1, { x: 2 }] } };
    expect(getPath(msg, 'payload.lot')).toBe('L1');
    expect(getPath(msg, 'payload.values[1].x')).toBe(2);
    expect(getPath(msg, 'payload.values[0]')).toBe(1);
    expect(getPath(msg, 'payload.missing.deeper')).toBeUndefined();
    expect(getPath(msg, 'payload.lot.length')).toBeUndefined();
  });

  it('never reads inherited properties', () => {
    expect(getPath({ payload: {} }, 'payload.toString')).toBeUndefined();
  });

  it('validates syntax and refuses prototype names', () => {
    expect(msgPathProblem('payload.a[0].b')).toBeUndefined();
    expect(msgPathProblem('payload..a')).toMatch(/not a property path/);
    expect(msgPathProblem('payload.__proto__')).toMatch(/reserved/);
    expect(msgPath('d', 'payload').safeParse('a b').success).toBe(false);
    expect(msgPath('d', '', true).parse(undefined)).toBe('');
    expect(msgPath('d', 'payload.x').parse(undefined)).toBe('payload.x');
  });
});
