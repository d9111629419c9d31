import { CONFLICTS_KEY, sortKeys, type FlowPathSegment, type MergeConflict } from '@millwright/model';
import { isRecord } from '../schema/json-schema.js';

/** A side of a merge conflict the user can keep. */
export type ConflictSide = 'ours' | 'theirs' | 'base';

/** One open conflict of a merged flow file (`millwright merge-driver`), with the sides it has. */
export interface OpenConflict {
  index: number;
  conflict: MergeConflict;
  /** Sides to choose from; a side without a value means "none" (a removed node, field or wire). */
  sides: ConflictSide[];
}

type Json = Record<string, unknown>;

/**
 * The open conflicts of a flow file the git merge driver left (`conflicts` array, decision 0021),
 * or undefined when `text` is not such a file. Entries that do not have the expected shape are
 * skipped (the import then reports the file as invalid, as before).
 */
export function openConflicts(text: string): { file: Json; conflicts: OpenConflict[] } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(value) || !Array.isArray(value[CONFLICTS_KEY]) || !value[CONFLICTS_KEY].length) return undefined;
  const conflicts: OpenConflict[] = [];
  value[CONFLICTS_KEY].forEach((c: unknown, index) => {
    if (!isConflict(c)) return;
    const sides = (['ours', 'theirs', 'base'] as const).filter((s) => s !== 'base' || 'base' in c);
    conflicts.push({ index, conflict: c, sides });
  });
  return { file: value, conflicts };
}

/**
 * Applies one chosen side per conflict (by its index) and removes the resolved entries: the value
 * of that side is written at the conflict's path, or the field, node or wire is removed when that
 * side has none. Removing a node removes its wires too. Unchosen conflicts stay listed.
 * Returns the file's text in the stable form.
 */
export function resolveConflicts(file: Json, choices: ReadonlyMap<number, ConflictSide>): string {
  const out = structuredClone(file);
  const list = Array.isArray(out[CONFLICTS_KEY]) ? (out[CONFLICTS_KEY] as unknown[]) : [];
  const left: unknown[] = [];
  list.forEach((c, i) => {
    const side = choices.get(i);
    if (!side || !isConflict(c)) {
      left.push(c);
      return;
    }
    const value = c[side];
    const ref = c.ours ?? c.theirs ?? c.base;
    setAt(out, c.path, value, ref);
  });
  if (left.length) out[CONFLICTS_KEY] = left;
  else delete out[CONFLICTS_KEY];
  return `${JSON.stringify(sortKeys(out), null, 2)}\n`;
}

/** Writes `value` at a flow path (ids select items of `nodes`, `configs`, `groups`; a wire is found by its ends). */
function setAt(root: Json, path: readonly FlowPathSegment[], value: unknown, ref: unknown): void {
  let parent: unknown = root;
  for (let i = 0; i < path.length - 1; i++) {
    parent = step(parent, path[i], path[i - 1], ref);
    if (parent === undefined) return;
  }
  const last = path[path.length - 1];
  if (last === undefined) return;
  if (typeof last === 'object') {
    if (!Array.isArray(parent)) return;
    const items: unknown[] = parent;
    const at = indexOf(items, last, path[path.length - 2], ref);
    if (value === undefined) {
      if (at >= 0) items.splice(at, 1);
      if (path[path.length - 2] === 'nodes' && Array.isArray(root['wires']))
        root['wires'] = root['wires'].filter((w) => !touches(w, last.id));
    } else if (at >= 0) items[at] = value;
    else items.push(value);
    return;
  }
  if (Array.isArray(parent) && typeof last === 'number') parent[last] = value;
  else if (isRecord(parent) && typeof last === 'string') {
    if (value === undefined) delete parent[last];
    else parent[last] = value;
  }
}

function step(parent: unknown, seg: FlowPathSegment | undefined, list: FlowPathSegment | undefined, ref: unknown) {
  if (seg === undefined) return undefined;
  if (typeof seg === 'object') {
    if (!Array.isArray(parent)) return undefined;
    const items: unknown[] = parent;
    return items[indexOf(items, seg, list, ref)];
  }
  if (Array.isArray(parent) && typeof seg === 'number') return parent[seg];
  if (isRecord(parent) && typeof seg === 'string') return parent[seg];
  return undefined;
}

/** Index of the item with `seg.id`; for `wires`, of the wire with the same ends as the conflict's wire. */
function indexOf(items: unknown[], seg: { id: string }, list: FlowPathSegment | undefined, ref: unknown): number {
  if (list === 'wires') return items.findIndex((w) => sameEnds(w, ref));
  return items.findIndex((item) => isRecord(item) && item['id'] === seg.id);
}

function sameEnds(a: unknown, b: unknown): boolean {
  const end = (x: unknown, y: unknown) =>
    isRecord(x) && isRecord(y) && x['node'] === y['node'] && x['port'] === y['port'];
  return isRecord(a) && isRecord(b) && end(a['from'], b['from']) && end(a['to'], b['to']);
}

function touches(wire: unknown, nodeId: string): boolean {
  if (!isRecord(wire)) return false;
  const end = (e: unknown) => isRecord(e) && e['node'] === nodeId;
  return end(wire['from']) || end(wire['to']);
}

function isConflict(value: unknown): value is MergeConflict & Partial<Record<ConflictSide, unknown>> {
  return isRecord(value) && Array.isArray(value['path']) && typeof value['pathString'] === 'string';
}
