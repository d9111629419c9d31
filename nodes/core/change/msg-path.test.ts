import { describe, expect, it } from 'vitest';
import { deletePath, formatSegments, getPath, parsePath, pathProblem, setPath } from './msg-path.js';

describe('msg-path', () => {
  it('parses dot, index and quoted bracket segments', () => {
    expect(parsePath('payload.a[0].b')).toEqual(['payload', 'a', 0, 'b']);
    expect(parsePath(`payload["odd key"]['x\\'y']`)).toEqual(['payload', 'odd key', "x'y"]);
    expect(parsePath('headers.content-type')).toEqual(['headers', 'content-type']);
    expect(parsePath('payload.0')).toEqual(['payload', '0']);
  });

  it('rejects bad syntax with the position', () => {
    expect(pathProblem('')).toMatch(/empty/);
    expect(pathProblem('a..b')).toMatch(/position 2/);
    expect(pathProblem('a[x]')).toMatch(/bad bracket at position 1/);
    expect(pathProblem('a b')).toMatch(/expected "\." or "\[" at position 1/);
  });

  it('rejects prototype-reaching segments in any form', () => {
    for (const p of ['__proto__.x', 'payload.constructor.prototype', 'a["__proto__"]', "a['prototype']"])
      expect(pathProblem(p)).toMatch(/is not allowed/);
  });

  it('gets own properties only', () => {
    const msg = { payload: { a: [{ b: 5 }] } };
    expect(getPath(msg, 'payload.a[0].b')).toBe(5);
    expect(getPath(msg, 'payload.x.y')).toBeUndefined();
    expect(getPath(msg, 'payload.toString')).toBeUndefined(); // inherited, not own
    expect(getPath({ payload: 'abc' }, 'payload.length')).toBeUndefined(); // strings are not containers
  });

  it('sets with creation of objects and arrays, and refuses to walk through primitives', () => {
    const msg: Record<string, unknown> = {};
    setPath(msg, 'payload.a[1].b', 7);
    expect(msg).toEqual({ payload: { a: [undefined, { b: 7 }] } });
    setPath(msg, 'payload.a[1].c', 8);
    expect(msg).toEqual({ payload: { a: [undefined, { b: 7, c: 8 }] } });
    expect(() => setPath({ payload: 'text' }, 'payload.x', 1)).toThrow(/"payload" is a string/);
  });

  it('deletes keys and splices array elements', () => {
    const msg: Record<string, unknown> = { payload: { a: [1, 2, 3], b: 1 } };
    expect(deletePath(msg, 'payload.a[1]')).toBe(true);
    expect(deletePath(msg, 'payload.b')).toBe(true);
    expect(deletePath(msg, 'payload.zzz')).toBe(false);
    expect(msg).toEqual({ payload: { a: [1, 3] } });
  });

  it('formats segments back to a path', () => {
    expect(formatSegments(['payload', 'a b', 0, 'c'])).toBe('payload["a b"][0].c');
  });

  it('never writes to Object.prototype', () => {
    setPath({}, ['a', 'b'], 1);
    expect(({} as Record<string, unknown>)['b']).toBeUndefined();
    expect(() => setPath({}, '__proto__.polluted', 1)).toThrow(/not allowed/);
    expect(() => setPath({}, ['__proto__', 'polluted'], 1)).toThrow(/not allowed/);
    expect(() => setPath({ a: {} }, ['a', 'constructor', 'prototype', 'polluted'], 1)).toThrow(/not allowed/);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
