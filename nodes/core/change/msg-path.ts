import { UserError } from '@millwright/model';
import { z } from 'zod';

/** One step of a message path: an object key or an array index. */
export type PathSegment = string | number;

// Segments that would let a flow reach Object.prototype (prototype pollution).
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);
const IDENT = /^[\p{L}\p{N}_$-]+/u;
const cache = new Map<string, PathSegment[]>();
const CACHE_LIMIT = 1_000;

/**
 * Parses a dot/bracket path relative to the message, such as `payload.a[0].b` or
 * `payload["odd key"]`. Throws a UserError (`invalid_path`) on bad syntax or a forbidden segment.
 */
export function parsePath(path: string): PathSegment[] {
  const hit = cache.get(path);
  if (hit) return hit;
  const segs = parseUncached(path);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(path, segs);
  return segs;
}

function parseUncached(path: string): PathSegment[] {
  const fail = (why: string): never => {
    throw new UserError('invalid_path', `invalid property path "${path}": ${why}`);
  };
  const segs: PathSegment[] = [];
  let i = 0;
  if (!path) fail('it is empty');
  while (i < path.length) {
    if (path[i] === '[') {
      const rest = path.slice(i + 1);
      const num = /^(\d+)\]/.exec(rest);
      const quoted = /^(["'])((?:\\.|(?!\1).)*)\1\]/.exec(rest);
      if (num) {
        segs.push(Number(num[1]));
        i += num[0].length + 1;
      } else if (quoted) {
        segs.push((quoted[2] ?? '').replace(/\\(.)/g, '$1'));
        i += quoted[0].length + 1;
      } else fail(`bad bracket at position ${i}`);
    } else {
      if (segs.length > 0) {
        if (path[i] !== '.') fail(`expected "." or "[" at position ${i}`);
        i++;
      }
      const name = IDENT.exec(path.slice(i))?.[0];
      if (!name) return fail(`expected a property name at position ${i}`);
      segs.push(name);
      i += name.length;
    }
  }
  for (const s of segs) if (typeof s === 'string' && FORBIDDEN.has(s)) fail(`segment "${s}" is not allowed`);
  return segs;
}

/** Why `path` is not a valid message path, or undefined when it is. */
export function pathProblem(path: string): string | undefined {
  try {
    parsePath(path);
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** A zod string that must be a valid message path (used by node configs). */
export function msgPath(description: string) {
  return z
    .string()
    .superRefine((v, ctx) => {
      const problem = pathProblem(v);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .meta({ description });
}

const isContainer = (v: unknown): v is object => typeof v === 'object' && v !== null;
const own = (obj: object, key: PathSegment) => Object.prototype.hasOwnProperty.call(obj, key);

/** Reads the value at `path`; undefined when any step is missing. Only own properties are followed. */
export function getPath(root: unknown, path: string | readonly PathSegment[]): unknown {
  const segs = typeof path === 'string' ? parsePath(path) : path;
  let cur = root;
  for (const s of segs) {
    if (!isContainer(cur) || !own(cur, s)) return undefined;
    cur = Reflect.get(cur, s);
  }
  return cur;
}

/**
 * Writes `value` at `path`, creating missing intermediate objects (or arrays, when the next
 * segment is an index). Throws a UserError when a step exists but is not an object.
 */
export function setPath(root: object, path: string | readonly PathSegment[], value: unknown): void {
  const segs = typeof path === 'string' ? parsePath(path) : path;
  const last = segs.at(-1);
  if (last === undefined) return;
  // Segment lists built in code skip parsePath, so the pollution guard is repeated here.
  for (const s of segs)
    if (typeof s === 'string' && FORBIDDEN.has(s))
      throw new UserError('invalid_path', `invalid property path: segment "${s}" is not allowed`);
  let cur = root;
  for (const [i, s] of segs.slice(0, -1).entries()) {
    const existing: unknown = own(cur, s) ? Reflect.get(cur, s) : undefined;
    if (isContainer(existing)) {
      cur = existing;
      continue;
    }
    if (existing !== undefined && existing !== null)
      throw new UserError(
        'path_not_object',
        `cannot set "${formatSegments(segs)}": "${formatSegments(segs.slice(0, i + 1))}" is a ${typeof existing}`,
      );
    const created = typeof segs[i + 1] === 'number' ? [] : {};
    Reflect.set(cur, s, created);
    cur = created;
  }
  Reflect.set(cur, last, value);
}

/** Removes the value at `path` (array elements are spliced out). Returns whether something was removed. */
export function deletePath(root: object, path: string | readonly PathSegment[]): boolean {
  const segs = typeof path === 'string' ? parsePath(path) : path;
  const parent = segs.length > 1 ? getPath(root, segs.slice(0, -1)) : root;
  const last = segs.at(-1);
  if (last === undefined || !isContainer(parent) || !own(parent, last)) return false;
  if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
  else Reflect.deleteProperty(parent, last);
  return true;
}

/** Formats segments back to path syntax, for messages. */
export function formatSegments(segs: readonly PathSegment[]): string {
  return segs
    .map((s, i) => {
      if (typeof s === 'number') return `[${s}]`;
      if (IDENT.exec(s)?.[0] === s) return i ? `.${s}` : s;
      return `[${JSON.stringify(s)}]`;
    })
    .join('');
}
