import { formatFlowPath, isPlainObject, sameJson, wireKey, type FlowPathSegment } from './flow-paths.js';
import { sortKeys } from './serialize-flow.js';

/**
 * A place where ours and theirs changed the same thing differently. `base`, `ours`, `theirs` are
 * the three values there; a key is absent where that side has no value (a removed node or field).
 */
export interface MergeConflict {
  path: FlowPathSegment[];
  pathString: string;
  base?: unknown;
  ours?: unknown;
  theirs?: unknown;
}

/** The merged flow (ours wherever a conflict is left open) and the conflicts this merge found. */
export interface FlowMergeResult {
  flow: Record<string, unknown>;
  conflicts: MergeConflict[];
  /** Conflicts ours still had open from an earlier merge, kept as they were. */
  open: unknown[];
}

/** Key of the open conflicts in a merged flow file; a flow that has it does not validate until resolved. */
export const CONFLICTS_KEY = 'conflicts';

type JsonObject = Record<string, unknown>;

/**
 * Three-way merge of one flow (the parsed JSON of a flow file) at node level. Nodes, config nodes
 * and groups are matched by id, wires by their ends. Changes to different items, to different
 * fields of one item (objects key by key, lists of unchanged length item by item, a position as
 * one value) or to different wires merge. A conflict is the same field changed differently on
 * both sides (ours is kept), an item removed on one side and changed on the other (the changed
 * item is kept), or a wire added to a node the other side removed (the wire is left out); each is
 * listed with its path. `base` is undefined when both sides added the flow. Conflicts still open
 * in ours are returned in `open`.
 */
export function mergeFlow(base: JsonObject | undefined, ours: JsonObject, theirs: JsonObject): FlowMergeResult {
  const conflicts: MergeConflict[] = [];
  const b = base ?? {};
  const flow: JsonObject = {};
  for (const key of keysOf(ours, theirs)) {
    if (key === CONFLICTS_KEY) continue;
    const value =
      key === 'nodes' || key === 'configs' || key === 'groups'
        ? mergeItems(key, b[key], ours[key], theirs[key], conflicts)
        : key === 'wires'
          ? mergeWires(b[key], ours[key], theirs[key])
          : merge3(b[key], ours[key], theirs[key], [key], conflicts);
    if (value !== undefined) flow[key] = value;
  }
  if (Array.isArray(flow['wires'])) flow['wires'] = dropDangling(flow, b, ours, theirs, conflicts);
  const open: unknown[] = Array.isArray(ours[CONFLICTS_KEY]) ? ours[CONFLICTS_KEY] : [];
  return { flow, conflicts, open };
}

/**
 * The merged flow file's text, in the stable format (sorted keys, two-space indent, newline), with
 * the open conflicts under {@link CONFLICTS_KEY} when there are any: always valid JSON.
 */
export function serializeMergedFlow(result: FlowMergeResult): string {
  const all = [...result.open, ...result.conflicts];
  const value = all.length ? { ...result.flow, [CONFLICTS_KEY]: all } : result.flow;
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

/**
 * Three-way merge of one value: the side that changed wins; both changed alike: that; both changed
 * differently: objects merge key by key, lists of unchanged length item by item, anything else
 * is a conflict (ours kept).
 */
function merge3(
  base: unknown,
  ours: unknown,
  theirs: unknown,
  path: FlowPathSegment[],
  conflicts: MergeConflict[],
  whole = false,
): unknown {
  if (sameJson(ours, theirs)) return ours;
  if (sameJson(base, ours)) return theirs;
  if (sameJson(base, theirs)) return ours;
  if (!whole && isPlainObject(ours) && isPlainObject(theirs) && (base === undefined || isPlainObject(base))) {
    const b: JsonObject = base ?? {};
    const out: JsonObject = {};
    for (const key of keysOf(ours, theirs)) {
      const v = merge3(b[key], ours[key], theirs[key], [...path, key], conflicts);
      if (v !== undefined) out[key] = v;
    }
    return out;
  }
  // Lists that kept their length on both sides (a subscription's items, a switch's rules) merge
  // item by item; a list that grew or shrank on a side is one value.
  if (!whole && Array.isArray(ours) && Array.isArray(theirs) && Array.isArray(base)) {
    if (ours.length === base.length && theirs.length === base.length)
      return base.map((b: unknown, i) => merge3(b, ours[i], theirs[i], [...path, i], conflicts));
  }
  conflicts.push(conflict(path, base, ours, theirs));
  return ours;
}

/** Items (nodes, config nodes, groups) by id: ours' order, then items only theirs has. */
function mergeItems(list: string, base: unknown, ours: unknown, theirs: unknown, conflicts: MergeConflict[]): unknown {
  if (!isItemList(ours) || !isItemList(theirs) || (base !== undefined && !isItemList(base)))
    return merge3(base, ours, theirs, [list], conflicts);
  const baseById = new Map((base ?? []).map((i) => [i.id, i]));
  const oursById = new Map(ours.map((i) => [i.id, i]));
  const theirsById = new Map(theirs.map((i) => [i.id, i]));
  const out: JsonObject[] = [];
  const at = (id: string): FlowPathSegment[] => [list, { id }];
  for (const o of ours) {
    const b = baseById.get(o.id);
    const t = theirsById.get(o.id);
    if (t) out.push(mergeItem(b, o, t, at(o.id), conflicts));
    else if (!b)
      out.push(o); // added by ours
    else if (!sameJson(b, o)) {
      // Removed by theirs, changed by ours: keep the change, let the user decide.
      conflicts.push(conflict(at(o.id), b, o, undefined));
      out.push(o);
    }
  }
  for (const t of theirs) {
    if (oursById.has(t.id)) continue;
    const b = baseById.get(t.id);
    if (!b) out.push(t);
    else if (!sameJson(b, t)) {
      conflicts.push(conflict(at(t.id), b, undefined, t));
      out.push(t);
    }
  }
  return out;
}

function mergeItem(
  base: JsonObject | undefined,
  ours: JsonObject,
  theirs: JsonObject,
  path: FlowPathSegment[],
  conflicts: MergeConflict[],
): JsonObject {
  const b = base ?? {};
  const out: JsonObject = {};
  for (const key of keysOf(ours, theirs)) {
    // A position is one choice of the user: x from one side and y from the other would be neither.
    const v = merge3(b[key], ours[key], theirs[key], [...path, key], conflicts, key === 'position');
    if (v !== undefined) out[key] = v;
  }
  return out;
}

/** Wires as a set: ours' wires that theirs did not remove, then the ones theirs added. */
function mergeWires(base: unknown, ours: unknown, theirs: unknown): unknown {
  if (!Array.isArray(ours) || !Array.isArray(theirs) || (base !== undefined && !Array.isArray(base)))
    return sameJson(base, ours) ? theirs : ours;
  const keys = (list: unknown[]) => new Set(list.filter(isWire).map(wireKey));
  const b = keys(base ?? []);
  const o = keys(ours);
  const t = keys(theirs);
  const kept = ours.filter((w) => !isWire(w) || t.has(wireKey(w)) || !b.has(wireKey(w)));
  const added = theirs.filter((w) => isWire(w) && !o.has(wireKey(w)) && !b.has(wireKey(w)));
  return [...kept, ...added];
}

/** Wires whose node the merge removed are left out, each a conflict: one side wired a node the other removed. */
function dropDangling(
  flow: JsonObject,
  base: JsonObject,
  ours: JsonObject,
  theirs: JsonObject,
  conflicts: MergeConflict[],
) {
  const ids = new Set(isItemList(flow['nodes']) ? flow['nodes'].map((n) => n.id) : []);
  const find = (side: JsonObject, key: string) =>
    Array.isArray(side['wires']) ? side['wires'].find((w) => isWire(w) && wireKey(w) === key) : undefined;
  return (flow['wires'] as unknown[]).filter((w) => {
    if (!isWire(w) || (ids.has(w.from.node) && ids.has(w.to.node))) return true;
    const key = wireKey(w);
    conflicts.push(conflict(['wires', { id: key }], find(base, key), find(ours, key), find(theirs, key)));
    return false;
  });
}

function conflict(path: FlowPathSegment[], base: unknown, ours: unknown, theirs: unknown): MergeConflict {
  return {
    path,
    pathString: formatFlowPath(path),
    ...(base !== undefined ? { base } : {}),
    ...(ours !== undefined ? { ours } : {}),
    ...(theirs !== undefined ? { theirs } : {}),
  };
}

/** Keys of ours, then the keys only theirs has. */
function keysOf(ours: JsonObject, theirs: JsonObject): string[] {
  return [...new Set([...Object.keys(ours), ...Object.keys(theirs)])];
}

function isItemList(value: unknown): value is Array<JsonObject & { id: string }> {
  return Array.isArray(value) && value.every((i) => isPlainObject(i) && typeof i['id'] === 'string');
}

interface WireLike {
  from: { node: string; port: number };
  to: { node: string; port: number };
}

function isWire(value: unknown): value is WireLike {
  const end = (e: unknown) => isPlainObject(e) && typeof e['node'] === 'string' && typeof e['port'] === 'number';
  return isPlainObject(value) && end(value['from']) && end(value['to']);
}
