import type { Flow, Position, Wire } from './flow.js';
import { formatFlowPath, isPlainObject, sameJson, wireKey, type FlowPathSegment, type IdList } from './flow-paths.js';

/** One changed value, at its flow path (`$.nodes["n1"].config.timeoutMs`); `before`/`after` absent when added/removed. */
export interface FieldChange {
  kind: 'added' | 'removed' | 'changed';
  path: FlowPathSegment[];
  pathString: string;
  before?: unknown;
  after?: unknown;
}

/** A node, config node or group that was added, removed or changed (moved and/or fields). */
export interface ItemChange {
  kind: 'added' | 'removed' | 'changed';
  id: string;
  type?: string;
  name?: string;
  /** Set when a node's canvas position changed. */
  moved?: { from: Position; to: Position };
  /** Changed fields other than the position (name, config..., disabled, group). */
  fields: FieldChange[];
}

/** How one flow differs between the two sides. Added and removed flows carry only their size. */
export interface FlowChange {
  kind: 'added' | 'removed' | 'changed';
  id: string;
  name: string;
  /** Set when the flow's name changed (its id, the file name, stays). */
  renamed?: { from: string; to: string };
  /** Flow-level fields other than the name: info, disabled, isolation, placement, context, version. */
  settings: FieldChange[];
  nodes: ItemChange[];
  configs: ItemChange[];
  groups: ItemChange[];
  wires: { added: Wire[]; removed: Wire[] };
  /** Number of nodes of an added or removed flow. */
  nodeCount?: number;
}

/** The semantic difference between two sets of flows. `unchanged` counts flows equal on both sides. */
export interface FlowDiff {
  flows: FlowChange[];
  unchanged: number;
}

const FLOW_LISTS = new Set(['id', 'name', 'nodes', 'wires', 'configs', 'groups']);

/**
 * The semantic difference between two sets of flows (a deployment, a folder of flow files, or two
 * snapshots): flows added, removed, renamed, their settings; nodes, config nodes and groups added,
 * removed, moved or with changed fields (before → after, each with its path); wires added and
 * removed. Flows and nodes are matched by id, so reordering alone is no change. Pure: snapshot
 * stores and the editor call it with whatever flows they hold.
 */
export function diffFlows(before: readonly Flow[], after: readonly Flow[]): FlowDiff {
  const afterById = new Map(after.map((f) => [f.id, f]));
  const beforeIds = new Set(before.map((f) => f.id));
  const flows: FlowChange[] = [];
  let unchanged = 0;
  for (const b of before) {
    const a = afterById.get(b.id);
    if (!a) flows.push(wholeFlow('removed', b));
    else {
      const change = diffFlow(b, a);
      if (change) flows.push(change);
      else unchanged++;
    }
  }
  for (const a of after) if (!beforeIds.has(a.id)) flows.push(wholeFlow('added', a));
  return { flows, unchanged };
}

/** How `after` differs from `before` (the same flow id), or undefined when they are equal. */
export function diffFlow(before: Flow, after: Flow): FlowChange | undefined {
  const settings: FieldChange[] = [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)].filter((k) => !FLOW_LISTS.has(k)));
  for (const key of [...keys].sort()) diffValues(get(before, key), get(after, key), [key], settings);
  const wires = diffWires(before.wires, after.wires);
  const change: FlowChange = {
    kind: 'changed',
    id: after.id,
    name: after.name,
    ...(before.name !== after.name ? { renamed: { from: before.name, to: after.name } } : {}),
    settings,
    nodes: diffItems('nodes', before.nodes, after.nodes),
    configs: diffItems('configs', before.configs ?? [], after.configs ?? []),
    groups: diffItems('groups', before.groups ?? [], after.groups ?? []),
    wires,
  };
  const empty =
    !change.renamed &&
    !settings.length &&
    !change.nodes.length &&
    !change.configs.length &&
    !change.groups.length &&
    !wires.added.length &&
    !wires.removed.length;
  return empty ? undefined : change;
}

/**
 * Appends the changes from `before` to `after` at `path`: objects key by key, arrays of equal
 * length item by item, anything else as one change.
 */
function diffValues(before: unknown, after: unknown, path: FlowPathSegment[], out: FieldChange[]): void {
  if (sameJson(before, after)) return;
  if (isPlainObject(before) && isPlainObject(after)) {
    for (const key of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort())
      diffValues(before[key], after[key], [...path, key], out);
    return;
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    before.forEach((v, i) => diffValues(v, after[i], [...path, i], out));
    return;
  }
  const pathString = formatFlowPath(path);
  if (before === undefined) out.push({ kind: 'added', path, pathString, after });
  else if (after === undefined) out.push({ kind: 'removed', path, pathString, before });
  else out.push({ kind: 'changed', path, pathString, before, after });
}

interface Item {
  id: string;
  type?: string;
  name?: string;
  position?: Position;
}

function diffItems(list: IdList, before: readonly Item[], after: readonly Item[]): ItemChange[] {
  const afterById = new Map(after.map((i) => [i.id, i]));
  const beforeIds = new Set(before.map((i) => i.id));
  const out: ItemChange[] = [];
  for (const b of before) {
    const a = afterById.get(b.id);
    if (!a) {
      out.push({ kind: 'removed', ...label(b), fields: [] });
      continue;
    }
    const fields: FieldChange[] = [];
    const keys = new Set([...Object.keys(b), ...Object.keys(a)].filter((k) => k !== 'position' && k !== 'id'));
    for (const key of [...keys].sort()) diffValues(get(b, key), get(a, key), [list, { id: b.id }, key], fields);
    const moved = b.position && a.position && !sameJson(b.position, a.position);
    if (fields.length || moved)
      out.push({
        kind: 'changed',
        ...label(a),
        ...(moved && b.position && a.position ? { moved: { from: b.position, to: a.position } } : {}),
        fields,
      });
  }
  for (const a of after) if (!beforeIds.has(a.id)) out.push({ kind: 'added', ...label(a), fields: [] });
  return out;
}

function diffWires(before: readonly Wire[], after: readonly Wire[]): FlowChange['wires'] {
  const b = new Set(before.map(wireKey));
  const a = new Set(after.map(wireKey));
  return { added: after.filter((w) => !b.has(wireKey(w))), removed: before.filter((w) => !a.has(wireKey(w))) };
}

function wholeFlow(kind: 'added' | 'removed', flow: Flow): FlowChange {
  return {
    kind,
    id: flow.id,
    name: flow.name,
    settings: [],
    nodes: [],
    configs: [],
    groups: [],
    wires: { added: [], removed: [] },
    nodeCount: flow.nodes.length,
  };
}

function label(item: Item): Pick<ItemChange, 'id' | 'type' | 'name'> {
  return {
    id: item.id,
    ...(item.type !== undefined ? { type: item.type } : {}),
    ...(item.name !== undefined ? { name: item.name } : {}),
  };
}

function get(value: object, key: string): unknown {
  return Reflect.get(value, key);
}
