import { formatPath, type PathSegment } from './issues.js';

/**
 * A place in a flow addressed by ids rather than array indexes, so it names the same node in the
 * base, ours and theirs of a merge, and in both sides of a diff: `['nodes', {id: 'n1'}, 'config',
 * 'timeoutMs']`. Indexes would shift as soon as one side adds a node.
 */
export type FlowPathSegment = PathSegment | { id: string };

/** The lists of a flow whose items are matched by `id` in diffs and merges. */
export const ID_LISTS = ['nodes', 'configs', 'groups'] as const;
export type IdList = (typeof ID_LISTS)[number];

/**
 * Formats a flow path as JSONPath with ids in brackets: `$.nodes["n1"].config.timeoutMs`,
 * `$.wires["a:0->b:0"]`. The segment after `nodes`, `configs`, `groups` and `wires` is always an
 * id (a wire's id is {@link wireKey}), never an index.
 */
export function formatFlowPath(path: readonly FlowPathSegment[]): string {
  let out = '$';
  for (const seg of path) out += typeof seg === 'object' ? `[${JSON.stringify(seg.id)}]` : formatPath([seg]).slice(1);
  return out;
}

/** Plain JSON object (not an array, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep equality of JSON values, key order ignored. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameJson(v, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a).filter((k) => a[k] !== undefined);
    if (keys.length !== Object.keys(b).filter((k) => b[k] !== undefined).length) return false;
    return keys.every((k) => sameJson(a[k], b[k]));
  }
  return false;
}

/** Identity of a wire in diffs and merges: `from:port->to:port` (a flow holds a wire once). */
export function wireKey(w: { from: { node: string; port: number }; to: { node: string; port: number } }): string {
  return `${w.from.node}:${w.from.port}->${w.to.node}:${w.to.port}`;
}
