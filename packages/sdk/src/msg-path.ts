import type { PathSegment } from '@millwright/model';
import { z } from 'zod';
import { MsgPathError } from './msg-path.error.js';

/*
 * Paths into a message, such as `payload.items[0].qty` or `headers["content-type"]`: the one
 * grammar of every node (change, switch, split, isa95-map, the MES nodes...). Meaning follows
 * Node-RED's RED.util.normalisePropertyExpression / getMessageProperty / setMessageProperty:
 *
 *   path    = ["msg."] name { "." name | "[" digits "]" | "[" quoted "]" }
 *   name    = a letter, digit, "_" or "$", then any characters but . [ ] " ' \ and whitespace;
 *             all digits make an array index (`payload.0` = `payload[0]`)
 *   quoted  = "..." or '...', not empty; \\ \" and \' are escapes, any other \ is kept as is
 *
 * `__proto__`, `constructor` and `prototype` segments are refused wherever they appear, so a flow
 * cannot reach or pollute object prototypes. Reads follow own properties only.
 */

export interface MsgPathOptions {
  /**
   * Accept an optional `msg.` in front (`msg.payload` is `payload`), as Node-RED's
   * getMessageProperty does. Default true; turn it off for paths that are not into a message
   * (context keys, documents).
   */
  msgPrefix?: boolean;
}

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);
// A name: a first character as in Node-RED (plus Unicode letters and digits), then anything but
// the delimiters, quotes, backslash, whitespace and control characters.
const NAME = /^[\p{L}\p{N}_$][^.[\]'"\\\s\p{Cc}]*/u;
const DIGITS = /^\d+$/;
const QUOTES = new Set(['"', "'"]);
const ESCAPABLE = new Set(['\\', '"', "'"]);

const cache = new Map<string, readonly PathSegment[]>();
const CACHE_LIMIT = 1_000;

/**
 * Parses a path into its segments (strings for names, numbers for indexes). Throws a
 * MsgPathError: `invalid_path` with the position of the fault, or `path_segment_not_allowed`.
 * Results are cached and frozen.
 */
export function parseMsgPath(path: string, options: MsgPathOptions = {}): readonly PathSegment[] {
  const msgPrefix = options.msgPrefix ?? true;
  const key = `${msgPrefix ? 'm' : 'o'}${path}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const segs = Object.freeze(parseUncached(path, msgPrefix));
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, segs);
  return segs;
}

function parseUncached(text: string, msgPrefix: boolean): PathSegment[] {
  const segs: PathSegment[] = [];
  const fail = (position: number, why: string): never => {
    throw new MsgPathError('invalid_path', `invalid path "${text}" at position ${position}: ${why}`, text, position);
  };
  const found = (at: number) => (at < text.length ? `found ${JSON.stringify(text[at])}` : 'found the end');
  const checked = (seg: string, at: number): string => {
    if (!FORBIDDEN.has(seg)) return seg;
    throw new MsgPathError(
      'path_segment_not_allowed',
      `invalid path "${text}" at position ${at}: segment "${seg}" is not allowed (it would reach the object prototype)`,
      text,
      at,
    );
  };
  const index = (digits: string, at: number): number => {
    const n = Number(digits);
    return Number.isSafeInteger(n) ? n : fail(at, `index ${digits} is too large`);
  };

  /** Reads a name at `at`; returns the position after it. */
  const readName = (at: number): number => {
    const name = NAME.exec(text.slice(at))?.[0];
    if (!name) return fail(at, `expected a property name, ${found(at)}`);
    segs.push(DIGITS.test(name) ? index(name, at) : checked(name, at));
    return at + name.length;
  };

  /** Reads `[...]` whose `[` is at `open`; returns the position after the `]`. */
  const readBracket = (open: number): number => {
    let i = open + 1;
    const c = text[i];
    if (c === undefined) return fail(open, 'unterminated "["');
    if (c >= '0' && c <= '9') {
      const digits = /^\d+/.exec(text.slice(i))?.[0] ?? '';
      segs.push(index(digits, i));
      i += digits.length;
    } else if (QUOTES.has(c)) {
      let value = '';
      let j = i + 1;
      for (;;) {
        const ch = text[j];
        if (ch === undefined) return fail(i, `quoted name not closed (missing ${c})`);
        if (ch === c) break;
        const next = text[j + 1];
        if (ch === '\\' && next !== undefined && ESCAPABLE.has(next)) {
          value += next;
          j += 2;
        } else {
          value += ch;
          j++;
        }
      }
      if (value === '') return fail(i, 'empty name in quotes');
      segs.push(checked(value, i));
      i = j + 1;
    } else {
      return fail(i, `expected an index or a quoted name after "[", ${found(i)}`);
    }
    if (text[i] !== ']') return fail(i, `expected "]", ${found(i)}`);
    return i + 1;
  };

  if (text === '') fail(0, 'the path is empty');
  let i = readName(msgPrefix && text.startsWith('msg.') ? 4 : 0);
  while (i < text.length) {
    if (text[i] === '.') i = readName(i + 1);
    else if (text[i] === '[') i = readBracket(i);
    else fail(i, `expected "." or "[", ${found(i)}`);
  }
  return segs;
}

/**
 * Formats segments as a path: names in dot form where the grammar allows, indexes and other names
 * in brackets. Parsing the result gives the segments back, except for what the grammar cannot
 * say: an empty name, or a first segment that is not a plain name (formatted in brackets).
 */
export function formatMsgPath(segs: readonly PathSegment[]): string {
  return segs
    .map((s, i) => {
      if (typeof s === 'number') return i === 0 ? String(s) : `[${s}]`;
      if (NAME.exec(s)?.[0] === s && !DIGITS.test(s)) return i === 0 ? s : `.${s}`;
      return `["${s.replace(/["\\]/g, '\\$&')}"]`;
    })
    .join('');
}

/** Why `path` is not a valid path (the error message, with the position), or undefined when it is. */
export function msgPathProblem(path: string, options?: MsgPathOptions): string | undefined {
  try {
    parseMsgPath(path, options);
    return undefined;
  } catch (err) {
    if (err instanceof MsgPathError) return err.message;
    throw err;
  }
}

/**
 * A zod string that must be a valid path, for node configs: `msgPathSchema('Property to test.').default('payload')`.
 * With `allowEmpty`, `''` (no property) passes too.
 */
export function msgPathSchema(description: string, options: MsgPathOptions & { allowEmpty?: boolean } = {}) {
  return z
    .string()
    .superRefine((v, ctx) => {
      if (options.allowEmpty && v === '') return;
      const problem = msgPathProblem(v, options);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .meta({ description });
}

const isContainer = (v: unknown): v is object => typeof v === 'object' && v !== null;
const own = (obj: object, key: PathSegment) => Object.hasOwn(obj, key);
const segmentsOf = (path: string | readonly PathSegment[]) => (typeof path === 'string' ? parseMsgPath(path) : path);

/**
 * The value at `path` in `root`, or undefined when a step is missing or is not an object or array
 * (`payload.length` of a text payload is undefined). Only own properties are followed.
 * A string `path` is parsed with the default options (`msg.` accepted).
 */
export function getMsgPath(root: unknown, path: string | readonly PathSegment[]): unknown {
  let cur = root;
  for (const s of segmentsOf(path)) {
    if (!isContainer(cur) || !own(cur, s)) return undefined;
    cur = Reflect.get(cur, s);
  }
  return cur;
}

/**
 * Writes `value` at `path`, creating missing (or null) intermediate steps: an array when the next
 * segment is an index, an object otherwise. Throws a MsgPathError `path_not_object` when a step
 * holds a string, number or boolean, and `path_segment_not_allowed` for a prototype segment.
 */
export function setMsgPath(root: object, path: string | readonly PathSegment[], value: unknown): void {
  const segs = segmentsOf(path);
  const last = segs.at(-1);
  if (last === undefined) return;
  // Segment lists built in code skip the parser, so the prototype guard is repeated here.
  for (const s of segs)
    if (typeof s === 'string' && FORBIDDEN.has(s)) {
      const text = formatMsgPath(segs);
      throw new MsgPathError(
        'path_segment_not_allowed',
        `invalid path "${text}": segment "${s}" is not allowed (it would reach the object prototype)`,
        text,
      );
    }
  let cur = root;
  for (const [i, s] of segs.slice(0, -1).entries()) {
    const existing: unknown = own(cur, s) ? Reflect.get(cur, s) : undefined;
    if (isContainer(existing)) {
      cur = existing;
      continue;
    }
    if (existing !== undefined && existing !== null) {
      const text = formatMsgPath(segs);
      throw new MsgPathError(
        'path_not_object',
        `cannot set "${text}": "${formatMsgPath(segs.slice(0, i + 1))}" is a ${typeof existing}`,
        text,
      );
    }
    const created = typeof segs[i + 1] === 'number' ? [] : {};
    Reflect.set(cur, s, created);
    cur = created;
  }
  Reflect.set(cur, last, value);
}

/**
 * Removes the value at `path`; an index into an array splices the element out. Returns whether
 * something was removed.
 */
export function deleteMsgPath(root: object, path: string | readonly PathSegment[]): boolean {
  const segs = segmentsOf(path);
  const last = segs.at(-1);
  const parent = segs.length > 1 ? getMsgPath(root, segs.slice(0, -1)) : root;
  if (last === undefined || !isContainer(parent) || !own(parent, last)) return false;
  if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
  else Reflect.deleteProperty(parent, last);
  return true;
}
