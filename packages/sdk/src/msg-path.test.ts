import { UserError, type PathSegment } from '@millwright/model';
import { describe, expect, it } from 'vitest';
import { toJsonSchema } from './json-schema.js';
import { MsgPathError } from './msg-path.error.js';
import {
  deleteMsgPath,
  formatMsgPath,
  getMsgPath,
  msgPathProblem,
  msgPathSchema,
  parseMsgPath,
  setMsgPath,
} from './msg-path.js';

/** The error `fn` throws (fails the test when it does not throw). */
function thrown(fn: () => unknown): MsgPathError {
  try {
    fn();
  } catch (err) {
    if (err instanceof MsgPathError) return err;
    throw err;
  }
  throw new Error('expected a MsgPathError');
}

describe('parseMsgPath', () => {
  it.each<[string, PathSegment[]]>([
    // dot segments
    ['payload', ['payload']],
    ['payload.a.b', ['payload', 'a', 'b']],
    ['headers.content-type', ['headers', 'content-type']],
    ['payload.$x._y', ['payload', '$x', '_y']],
    ['payload.2nd', ['payload', '2nd']],
    ['payload.Störung', ['payload', 'Störung']],
    ['payload.温度', ['payload', '温度']],
    ['payload.ns:tag@1', ['payload', 'ns:tag@1']],
    // all digits make an index, in dot form as in Node-RED
    ['payload.0', ['payload', 0]],
    ['payload.01', ['payload', 1]],
    ['0.a', [0, 'a']],
    // brackets
    ['payload.a[0].b', ['payload', 'a', 0, 'b']],
    ['payload[0][12]', ['payload', 0, 12]],
    ['payload.values[2].x', ['payload', 'values', 2, 'x']],
    ['payload[007]', ['payload', 7]],
    [
      'responses[0].segments[0].materialActuals[0].quantities[0].value',
      ['responses', 0, 'segments', 0, 'materialActuals', 0, 'quantities', 0, 'value'],
    ],
    ['payload["odd key"]', ['payload', 'odd key']],
    ["payload['odd key']", ['payload', 'odd key']],
    ['payload["0"]', ['payload', '0']],
    ['payload["a.b[0]"]', ['payload', 'a.b[0]']],
    ['a["a.b[0]"].c', ['a', 'a.b[0]', 'c']],
    ["a['1'].c", ['a', '1', 'c']],
    ['payload[" "]', ['payload', ' ']],
    ['payload["x"].y["z"][1]', ['payload', 'x', 'y', 'z', 1]],
    ['payload["it\'s"]', ['payload', "it's"]],
    [`payload['say "hi"']`, ['payload', 'say "hi"']],
    // escapes: \\ \" \' ; any other backslash is kept, as Node-RED reads it
    [`payload["odd key"]['x\\'y']`, ['payload', 'odd key', "x'y"]],
    ['payload["x\\"y"]', ['payload', 'x"y']],
    ['payload["x\\\\y"]', ['payload', 'x\\y']],
    ['payload["C:\\temp"]', ['payload', 'C:\\temp']],
    ['payload["\\\\"]', ['payload', '\\']],
    ['payload["tab\there"]', ['payload', 'tab\there']],
    // `msg.` is optional in front, as with Node-RED's getMessageProperty
    ['msg.payload', ['payload']],
    ['msg.payload.a[0]', ['payload', 'a', 0]],
    ['msg.msg.x', ['msg', 'x']],
    ['msg', ['msg']],
    ['msg["x"]', ['msg', 'x']],
    ['msgs.x', ['msgs', 'x']],
  ])('%s', (path, segs) => {
    expect(parseMsgPath(path)).toEqual(segs);
  });

  it.each<[string, number, RegExp]>([
    ['', 0, /the path is empty/],
    ['.a', 0, /expected a property name, found "\."/],
    ['a.', 2, /expected a property name, found the end/],
    ['a..b', 2, /expected a property name, found "\."/],
    ['payload..a', 8, /expected a property name/],
    ['a b', 1, /expected "\." or "\[", found " "/],
    ['a.b c', 3, /expected "\." or "\["/],
    ['a\tb', 1, /expected "\." or "\["/],
    ['a\\b', 1, /expected "\." or "\["/],
    ['a"b"', 1, /expected "\." or "\["/],
    ['a]', 1, /expected "\." or "\[", found "\]"/],
    ['a.-b', 2, /expected a property name, found "-"/],
    ['a.[0]', 2, /expected a property name, found "\["/],
    // a path starts with a name, as in Node-RED
    ['[0]', 0, /expected a property name, found "\["/],
    ['["odd key"]', 0, /expected a property name/],
    ['msg.', 4, /expected a property name, found the end/],
    ['msg.[0]', 4, /expected a property name/],
    ['a[', 1, /unterminated "\["/],
    ['a[0', 3, /expected "\]", found the end/],
    ['a[0.5]', 3, /expected "\]", found "\."/],
    ['a[x]', 2, /expected an index or a quoted name after "\[", found "x"/],
    ['a[-1]', 2, /expected an index or a quoted name/],
    ['a[ 0]', 2, /expected an index or a quoted name/],
    ['a[]', 2, /expected an index or a quoted name/],
    ['a["x', 2, /quoted name not closed \(missing "\)/],
    ['a[\'x"]', 2, /quoted name not closed \(missing '\)/],
    ['a["x\\"]', 2, /quoted name not closed \(missing "\)/],
    ['a["x"', 5, /expected "\]", found the end/],
    ['a["x"y]', 5, /expected "\]", found "y"/],
    ['a[""]', 2, /empty name in quotes/],
    ['a[0]b', 4, /expected "\." or "\[", found "b"/],
    ['a["b"]c', 6, /expected "\." or "\["/],
    ['a[99999999999999999999]', 2, /index 99999999999999999999 is too large/],
    ['a.99999999999999999999', 2, /too large/],
  ])('refuses %j at position %i', (path, position, why) => {
    const err = thrown(() => parseMsgPath(path));
    expect(err.code).toBe('invalid_path');
    expect(err.position).toBe(position);
    expect(err.path).toBe(path);
    expect(err.message).toMatch(why);
    expect(err.message).toContain(`invalid path "${path}" at position ${position}: `);
  });

  it.each<[string, string, number]>([
    ['__proto__.x', '__proto__', 0],
    ['payload.__proto__', '__proto__', 8],
    ['payload.constructor.prototype', 'constructor', 8],
    ['a.prototype', 'prototype', 2],
    ['constructor', 'constructor', 0],
    ['a["__proto__"]', '__proto__', 2],
    ["a['prototype']", 'prototype', 2],
    ['msg.__proto__', '__proto__', 4],
    ['a[0]["constructor"].b', 'constructor', 5],
    ['items[0].__proto__', '__proto__', 9],
  ])('refuses the prototype segment in %j', (path, seg, position) => {
    const err = thrown(() => parseMsgPath(path));
    expect(err.code).toBe('path_segment_not_allowed');
    expect(err.position).toBe(position);
    expect(err.message).toMatch(new RegExp(`segment "${seg}" is not allowed`));
  });

  it('reads a backslash that is not an escape as itself, so it is not a prototype name', () => {
    expect(parseMsgPath('a["construct\\or"]')).toEqual(['a', 'construct\\or']);
  });

  it('raises user errors that serialize with their code', () => {
    const err = thrown(() => parseMsgPath('a..b'));
    expect(err).toBeInstanceOf(UserError);
    expect(err.name).toBe('MsgPathError');
    expect(err.toJSON()).toMatchObject({ code: 'invalid_path', kind: 'user', retryable: false });
  });

  it('reads `msg.` as a name when msgPrefix is off (context keys, documents)', () => {
    expect(parseMsgPath('msg.payload', { msgPrefix: false })).toEqual(['msg', 'payload']);
    expect(parseMsgPath('msg.payload')).toEqual(['payload']);
    expect(thrown(() => parseMsgPath('msg.', { msgPrefix: false })).position).toBe(4);
  });

  it('caches frozen results per text and options', () => {
    const a = parseMsgPath('payload.cached[0]');
    expect(parseMsgPath('payload.cached[0]')).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(parseMsgPath('msg.cached')).toEqual(['cached']);
    expect(parseMsgPath('msg.cached', { msgPrefix: false })).toEqual(['msg', 'cached']);
  });
});

describe('formatMsgPath', () => {
  it.each<[PathSegment[], string]>([
    [['payload'], 'payload'],
    [['payload', 'a b', 0, 'c'], 'payload["a b"][0].c'],
    [['payload', 'items', 0, 'qty'], 'payload.items[0].qty'],
    [['headers', 'content-type'], 'headers.content-type'],
    [['payload', '0'], 'payload["0"]'],
    [['payload', '2nd'], 'payload.2nd'],
    [['payload', 'Störung'], 'payload.Störung'],
    [['payload', 'a.b'], 'payload["a.b"]'],
    [['payload', 'x"y'], 'payload["x\\"y"]'],
    [['payload', 'x\\y'], 'payload["x\\\\y"]'],
    [['payload', "it's"], 'payload["it\'s"]'],
    [['payload', 'line\nbreak'], 'payload["line\nbreak"]'],
    [['payload', '-x'], 'payload["-x"]'],
    [[0, 'a'], '0.a'],
    [['msg', 'x'], 'msg.x'],
  ])('%j -> %s, which parses back', (segs, text) => {
    expect(formatMsgPath(segs)).toBe(text);
    expect(parseMsgPath(text, { msgPrefix: false })).toEqual(segs);
  });

  it('still writes what the grammar cannot say, for messages', () => {
    expect(formatMsgPath(['odd key'])).toBe('["odd key"]');
    expect(formatMsgPath(['a', ''])).toBe('a[""]');
    expect(formatMsgPath([])).toBe('');
  });
});

describe('msgPathProblem and msgPathSchema', () => {
  it('returns the message of a bad path, undefined for a good one', () => {
    expect(msgPathProblem('payload.a[0].b')).toBeUndefined();
    expect(msgPathProblem('')).toMatch(/empty/);
    expect(msgPathProblem('a..b')).toMatch(/position 2/);
    expect(msgPathProblem('payload.__proto__')).toMatch(/segment "__proto__" is not allowed/);
    expect(msgPathProblem('msg.x', { msgPrefix: false })).toBeUndefined();
  });

  it('validates config fields, with defaults and optional empty values', () => {
    const property = msgPathSchema('Property.');
    expect(property.safeParse('payload.x').success).toBe(true);
    const bad = property.safeParse('a b');
    expect(bad.error?.issues[0]?.message).toMatch(/invalid path "a b" at position 1/);
    expect(property.safeParse('').success).toBe(false);
    expect(property.default('payload').parse(undefined)).toBe('payload');
    const optional = msgPathSchema('Property.', { allowEmpty: true });
    expect(optional.default('').parse(undefined)).toBe('');
    expect(optional.default('payload.x').parse(undefined)).toBe('payload.x');
    expect(optional.safeParse('payload..x').success).toBe(false);
    expect(toJsonSchema(property.default('payload'))).toMatchObject({
      type: 'string',
      default: 'payload',
      description: 'Property.',
    });
  });
});

describe('getMsgPath', () => {
  const msg = {
    payload: { a: [{ b: 5 }], lot: 'L1', values: [1, { x: 2 }], n: null, zero: 0, digits: { '0': 'zero-key' } },
    topic: 't',
  };
  it.each<[string | PathSegment[], unknown]>([
    ['payload.a[0].b', 5],
    ['msg.payload.a[0].b', 5],
    ['payload.lot', 'L1'],
    ['payload.values[1].x', 2],
    ['payload.values[0]', 1],
    ['payload.values.1.x', 2],
    ['payload.values.length', 2],
    ['payload.digits.0', 'zero-key'],
    ['payload.digits["0"]', 'zero-key'],
    ['payload.zero', 0],
    ['payload.n', null],
    ['topic', 't'],
    [['payload', 'a', 0, 'b'], 5],
    [[], msg],
    // missing steps
    ['payload.x.y', undefined],
    ['payload.missing.deeper', undefined],
    ['payload.n.x', undefined],
    ['payload.values[5]', undefined],
    // primitives have no properties here
    ['payload.lot.length', undefined],
    ['topic.length', undefined],
    // inherited properties are not followed
    ['payload.toString', undefined],
    ['payload.a.map', undefined],
    ['payload.hasOwnProperty', undefined],
  ])('%j', (path, value) => {
    expect(getMsgPath(msg, path)).toBe(value);
  });

  it('reads nothing from non-objects', () => {
    expect(getMsgPath(undefined, 'a')).toBeUndefined();
    expect(getMsgPath(null, 'a')).toBeUndefined();
    expect(getMsgPath('abc', 'length')).toBeUndefined();
    expect(getMsgPath(new Map([['size', 1]]), 'size')).toBeUndefined();
  });

  it('throws on a bad string path', () => {
    expect(() => getMsgPath({}, 'a..b')).toThrow(MsgPathError);
  });
});

describe('setMsgPath', () => {
  it.each<[string, Record<string, unknown>, unknown, Record<string, unknown>]>([
    ['payload', {}, 1, { payload: 1 }],
    ['msg.payload', { payload: 0 }, 1, { payload: 1 }],
    ['payload.a.b', {}, 1, { payload: { a: { b: 1 } } }],
    // arrays are created for index segments, in both forms
    ['payload.a[1].b', {}, 7, { payload: { a: [undefined, { b: 7 }] } }],
    ['payload[0]', {}, 'x', { payload: ['x'] }],
    ['payload.0.x', {}, 1, { payload: [{ x: 1 }] }],
    ['payload[0][1]', {}, 1, { payload: [[undefined, 1]] }],
    ['payload["0"].x', {}, 1, { payload: { '0': { x: 1 } } }],
    // existing containers are kept and extended
    ['payload.a[1].c', { payload: { a: [undefined, { b: 7 }] } }, 8, { payload: { a: [undefined, { b: 7, c: 8 }] } }],
    ['payload[1]', { payload: [1, 2, 3] }, 9, { payload: [1, 9, 3] }],
    ['payload.x', { payload: [1] }, 2, { payload: Object.assign([1], { x: 2 }) }],
    ['payload[0]', { payload: {} }, 1, { payload: { '0': 1 } }],
    // null and undefined steps are replaced
    ['payload.x', { payload: null }, 1, { payload: { x: 1 } }],
    ['payload.x', { payload: undefined }, 1, { payload: { x: 1 } }],
    ['payload[2].x', { payload: [1] }, 1, { payload: [1, undefined, { x: 1 }] }],
    // undefined is stored, not a delete
    ['payload', { payload: 1 }, undefined, { payload: undefined }],
  ])('%s on %j', (path, root, value, expected) => {
    setMsgPath(root, path, value);
    expect(root).toEqual(expected);
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['payload.x', { payload: 'text' }, /cannot set "payload\.x": "payload" is a string/],
    ['payload.a[0]', { payload: { a: 5 } }, /"payload\.a" is a number/],
    ['payload.ok.x', { payload: { ok: true } }, /"payload\.ok" is a boolean/],
    ['payload.s[0]', { payload: { s: 'abc' } }, /"payload\.s" is a string/],
  ])('refuses to set %s below a primitive in %j', (path, root, why) => {
    const before = structuredClone(root);
    const err = thrown(() => setMsgPath(root, path, 1));
    expect(err.code).toBe('path_not_object');
    expect(err.message).toMatch(why);
    expect(root).toEqual(before);
  });

  it('writes own properties, never through inherited ones', () => {
    const root: Record<string, unknown> = { a: {} };
    setMsgPath(root, 'a.toString.x', 1);
    expect(root).toEqual({ a: { toString: { x: 1 } } });
    expect(typeof Object.prototype.toString).toBe('function');
  });

  it('never writes to Object.prototype', () => {
    setMsgPath({}, ['a', 'b'], 1);
    expect(({} as Record<string, unknown>)['b']).toBeUndefined();
    expect(() => setMsgPath({}, '__proto__.polluted', 1)).toThrow(/not allowed/);
    expect(thrown(() => setMsgPath({}, ['__proto__', 'polluted'], 1)).code).toBe('path_segment_not_allowed');
    expect(() => setMsgPath({ a: {} }, ['a', 'constructor', 'prototype', 'polluted'], 1)).toThrow(
      /segment "constructor" is not allowed/,
    );
    expect(() => setMsgPath({}, ['prototype'], 1)).toThrow(/not allowed/);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('does nothing for an empty segment list', () => {
    const root = { a: 1 };
    setMsgPath(root, [], 2);
    expect(root).toEqual({ a: 1 });
  });
});

describe('deleteMsgPath', () => {
  it.each<[string, Record<string, unknown>, boolean, Record<string, unknown>]>([
    ['payload.b', { payload: { a: 1, b: 1 } }, true, { payload: { a: 1 } }],
    ['msg.payload', { payload: 1, topic: 't' }, true, { topic: 't' }],
    // array elements are spliced out, in both index forms
    ['payload.a[1]', { payload: { a: [1, 2, 3] } }, true, { payload: { a: [1, 3] } }],
    ['payload.a.0', { payload: { a: [1, 2, 3] } }, true, { payload: { a: [2, 3] } }],
    ['payload[0].x', { payload: [{ x: 1, y: 2 }] }, true, { payload: [{ y: 2 }] }],
    // a quoted "0" is a name: the element is deleted, not spliced
    ['payload["0"]', { payload: [1, 2] }, true, { payload: [undefined, 2] }],
    ['payload[0]', { payload: { '0': 1 } }, true, { payload: {} }],
    // nothing there
    ['payload.zzz', { payload: {} }, false, { payload: {} }],
    ['payload.a[5]', { payload: { a: [1] } }, false, { payload: { a: [1] } }],
    ['payload.x.y', { payload: {} }, false, { payload: {} }],
    ['payload.length', { payload: 'abc' }, false, { payload: 'abc' }],
    ['payload.toString', { payload: {} }, false, { payload: {} }],
  ])('%s on %j', (path, root, removed, expected) => {
    expect(deleteMsgPath(root, path)).toBe(removed);
    expect(root).toEqual(expected);
  });

  it('keeps a hole when a name deletes an array element', () => {
    const root = { payload: [1, 2] };
    deleteMsgPath(root, 'payload["0"]');
    expect(0 in root.payload).toBe(false);
    expect(root.payload).toHaveLength(2);
  });

  it('returns false for an empty segment list', () => {
    expect(deleteMsgPath({ a: 1 }, [])).toBe(false);
  });
});
