import fc from 'fast-check';
import type { PathSegment } from '@millwright/model';

/** Runs per property: modest by default so `npm test` stays quick; `FUZZ_RUNS=20000` for a long run. */
export const FUZZ_RUNS = Number(process.env['FUZZ_RUNS'] ?? 300);
/** Test timeout for a property run FUZZ_RUNS times: about 40 ms a run on 2 busy cores. */
export const FUZZ_TIMEOUT_MS = Math.max(20_000, FUZZ_RUNS * 40);

type Json = unknown;
const isContainer = (v: unknown): v is Record<string, unknown> | unknown[] => typeof v === 'object' && v !== null;

/** Every path to a value inside `root` (root excluded), at most `limit`, in document order. */
export function pathsOf(root: Json, limit = 5_000): PathSegment[][] {
  const out: PathSegment[][] = [];
  const walk = (v: unknown, path: PathSegment[]) => {
    if (out.length >= limit || !isContainer(v)) return;
    const keys: PathSegment[] = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
    for (const k of keys) {
      const p = [...path, k];
      out.push(p);
      walk((v as Record<PathSegment, unknown>)[k], p);
    }
  };
  walk(root, []);
  return out;
}

/**
 * True when `path` points into `root`: every segment but the last names an existing own key or
 * index, and the last one does too or is a key missing from an object or array that exists.
 */
export function resolves(root: Json, path: readonly PathSegment[]): boolean {
  let cur: unknown = root;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i] as PathSegment;
    if (!isContainer(cur)) return false;
    const has = Array.isArray(cur)
      ? typeof seg === 'number' && seg >= 0 && seg < cur.length
      : Object.prototype.hasOwnProperty.call(cur, seg);
    if (!has) return i === path.length - 1;
    cur = (cur as Record<PathSegment, unknown>)[seg];
  }
  return true;
}

/** Nested arrays or objects `depth` levels deep. */
export function deepNest(depth: number, kind: 'array' | 'object'): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = kind === 'array' ? [v] : { a: v };
  return v;
}

/** Awkward values: non-JSON numbers, huge and negative numbers, odd strings, deep nesting. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom<unknown>(
    undefined,
    null,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    -1,
    -0,
    0.5,
    1e308,
    2 ** 53 + 1,
    '',
    ' ',
    '\u0000',
    '🏭 Ünïcödé 工厂',
    '\uD800',
    '__proto__',
    'constructor',
    'a'.repeat(100_000),
    [],
    {},
  ),
  fc.string({ unit: 'grapheme' }),
  fc.integer({ min: 1, max: 3_000 }).map((d) => deepNest(d, 'array')),
  fc.integer({ min: 1, max: 3_000 }).map((d) => deepNest(d, 'object')),
);

/** One edit of a JSON document, applied to the path numbered `pick` modulo the path count. */
export type Mutation =
  | { kind: 'delete'; pick: number }
  | { kind: 'replace'; pick: number; value: unknown }
  | { kind: 'add-key'; pick: number; key: string; value: unknown }
  | { kind: 'duplicate'; pick: number }
  | { kind: 'swap-string'; pick: number; other: number };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('replace' as const), pick: fc.nat(), value: nastyValue }),
  fc.record({
    kind: fc.constant('add-key' as const),
    pick: fc.nat(),
    key: fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'prototype', 'id', 'type')),
    value: nastyValue,
  }),
  fc.record({ kind: fc.constant('duplicate' as const), pick: fc.nat() }),
  // Puts one string where another was: dangling wires, duplicate ids, types in the wrong place.
  fc.record({ kind: fc.constant('swap-string' as const), pick: fc.nat(), other: fc.nat() }),
);

/** Applies `m` to `doc` in place (doc must be a fresh copy). */
export function applyMutation(doc: Json, m: Mutation): void {
  const paths = pathsOf(doc);
  if (!paths.length) return;
  const path = paths[m.pick % paths.length] as PathSegment[];
  const parent = path.slice(0, -1).reduce<unknown>((v, k) => (v as Record<PathSegment, unknown>)[k], doc) as
    Record<PathSegment, unknown> | unknown[];
  const key = path.at(-1) as PathSegment;
  const target = (parent as Record<PathSegment, unknown>)[key];
  switch (m.kind) {
    case 'delete':
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key];
      return;
    case 'replace':
      (parent as Record<PathSegment, unknown>)[key] = fresh(m.value);
      return;
    case 'add-key':
      if (isContainer(target) && !Array.isArray(target))
        // defineProperty so that "__proto__" becomes an own key, as JSON.parse makes it.
        Object.defineProperty(target, m.key, {
          value: fresh(m.value),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      return;
    case 'duplicate':
      if (Array.isArray(parent)) parent.splice(key as number, 0, fresh(target));
      return;
    case 'swap-string': {
      const strings = paths.filter((p) => typeof valueAt(doc, p) === 'string');
      const other = strings[m.other % Math.max(1, strings.length)];
      if (other) (parent as Record<PathSegment, unknown>)[key] = valueAt(doc, other);
      return;
    }
  }
}

/**
 * A copy of a value to put into a document, so an edit never changes a value fast-check reuses in
 * later runs. A value too deep to copy (nastyValue nests deeper than structuredClone's stack:
 * seed -113473670 overflowed here, in the harness, not in the validator) goes in as it is.
 */
function fresh(value: unknown): unknown {
  try {
    return structuredClone(value);
  } catch {
    return value;
  }
}

function valueAt(doc: Json, path: readonly PathSegment[]): unknown {
  return path.reduce<unknown>((v, k) => (isContainer(v) ? (v as Record<PathSegment, unknown>)[k] : undefined), doc);
}
