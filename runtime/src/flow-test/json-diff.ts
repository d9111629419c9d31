import { showValue } from '@millwright/model';

/** One difference between an expected and an actual JSON value, at a path such as `payload.items[2].qty`. */
export interface DiffEntry {
  path: string;
  kind: 'changed' | 'missing' | 'unexpected';
  expected?: unknown;
  actual?: unknown;
}

/**
 * Compares JSON-like values. `subset`: every key of an expected object must match, extra keys in
 * the actual object are fine (recursively); arrays must have the same length. `exact`: extra keys
 * are differences too. Returns no entries when the values match.
 */
export function diffJson(expected: unknown, actual: unknown, mode: 'subset' | 'exact', path = ''): DiffEntry[] {
  if (isPlainObject(expected) && isPlainObject(actual)) {
    const out: DiffEntry[] = [];
    for (const [key, value] of Object.entries(expected)) {
      const p = join(path, key);
      if (!(key in actual)) out.push({ path: p, kind: 'missing', expected: value });
      else out.push(...diffJson(value, actual[key], mode, p));
    }
    if (mode === 'exact')
      for (const [key, value] of Object.entries(actual))
        if (!(key in expected)) out.push({ path: join(path, key), kind: 'unexpected', actual: value });
    return out;
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    const out: DiffEntry[] = [];
    const common = Math.min(expected.length, actual.length);
    for (let i = 0; i < common; i++) out.push(...diffJson(expected[i], actual[i], mode, `${path}[${i}]`));
    for (let i = common; i < expected.length; i++)
      out.push({ path: `${path}[${i}]`, kind: 'missing', expected: expected[i] });
    for (let i = common; i < actual.length; i++)
      out.push({ path: `${path}[${i}]`, kind: 'unexpected', actual: actual[i] });
    return out;
  }
  return sameValue(expected, actual) ? [] : [{ path: path || '(value)', kind: 'changed', expected, actual }];
}

/**
 * Readable lines for a diff, indented by `indent`:
 * `payload.count: expected 3, got 2` / `topic: missing (expected "a")` / `extra: not expected (got 1)`.
 */
export function formatDiff(entries: readonly DiffEntry[], indent = ''): string[] {
  return entries.map((e) => {
    if (e.kind === 'missing') return `${indent}${e.path}: missing (expected ${show(e.expected)})`;
    if (e.kind === 'unexpected') return `${indent}${e.path}: not expected (got ${show(e.actual)})`;
    return `${indent}${e.path}: expected ${show(e.expected)}, got ${show(e.actual)}`;
  });
}

/** Compact JSON for report lines, cut at `max` characters; NaN, Infinity, `undefined` and bytes named as such. */
export function show(value: unknown, max = 200): string {
  return showValue(value, max);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  // Dates and binary in expectations are written as JSON: compare on the JSON form.
  if (a instanceof Date || b instanceof Date || a instanceof Uint8Array || b instanceof Uint8Array)
    return JSON.stringify(a) === JSON.stringify(b);
  return false;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof Uint8Array);
}

function join(path: string, key: string): string {
  const seg = /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
  if (!path) return /^[A-Za-z_$][\w$]*$/.test(key) ? key : `[${seg}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${seg}]`;
}
