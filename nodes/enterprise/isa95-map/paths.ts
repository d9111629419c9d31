import { UserError } from '@millwright/model';

/** One step of a path: an object key or an array index. */
export type PathSegment = string | number;

// Segments that would let a mapping reach Object.prototype (prototype pollution).
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);
const IDENT = /^[\p{L}\p{N}_$-]+/u;

/**
 * Parses a dot/bracket path such as `payload.order.qty`, `responses[0].segments[0]` or
 * `payload["odd key"]`. Throws a UserError (`invalid_path`) on bad syntax or a forbidden segment.
 */
export function parsePath(path: string): PathSegment[] {
  const fail = (why: string): never => {
    throw new UserError('invalid_path', `invalid path "${path}": ${why}`);
  };
  if (!path) fail('it is empty');
  const segs: PathSegment[] = [];
  let i = 0;
  while (i < path.length) {
    if (path[i] === '[') {
      const rest = path.slice(i + 1);
      const num = /^(\d+)\]/.exec(rest);
      const quoted = /^(["'])((?:\\.|(?!\1).)*)\1\]/.exec(rest);
      if (num?.[1] !== undefined) {
        segs.push(Number(num[1]));
        i += num[0].length + 1;
      } else if (quoted?.[2] !== undefined) {
        segs.push(quoted[2].replace(/\\(.)/g, '$1'));
        i += quoted[0].length + 1;
      } else fail(`bad bracket at position ${i}`);
    } else {
      if (segs.length > 0) {
        if (path[i] !== '.') fail(`expected "." or "[" at position ${i}`);
        i++;
      }
      const m = IDENT.exec(path.slice(i));
      if (!m) return fail(`expected a name at position ${i}`);
      segs.push(m[0]);
      i += m[0].length;
    }
  }
  for (const s of segs) if (typeof s === 'string' && FORBIDDEN.has(s)) fail(`segment "${s}" is not allowed`);
  return segs;
}

/** Why `path` is not a valid path, or undefined when it is. */
export function pathProblem(path: string): string | undefined {
  try {
    parsePath(path);
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** The value at `path`, or undefined when any step is missing. */
export function getPath(root: unknown, path: readonly PathSegment[]): unknown {
  let cur = root;
  for (const seg of path) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = Reflect.get(cur, seg);
  }
  return cur;
}

/** Sets `value` at `path`, creating objects (for names) and arrays (for indexes) on the way. */
export function setPath(root: Record<string, unknown>, path: readonly PathSegment[], value: unknown): void {
  let cur: object = root;
  path.forEach((seg, i) => {
    if (i === path.length - 1) {
      Reflect.set(cur, seg, value);
      return;
    }
    let next: unknown = Reflect.get(cur, seg);
    if (typeof next !== 'object' || next === null) {
      next = typeof path[i + 1] === 'number' ? [] : {};
      Reflect.set(cur, seg, next);
    }
    if (typeof next === 'object' && next !== null) cur = next;
  });
}
