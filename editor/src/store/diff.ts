import { sameContent, type Flow, type FlowNode } from '@millwright/model';

/**
 * What differs between the editor's flows and the deployed ones. The runtime decides what to
 * restart with the same content comparison (`sameContent`), so what the editor marks as modified
 * is what a "modified nodes" deploy restarts.
 */
export interface DocumentDiff {
  dirty: boolean;
  /** Flows that are new or differ in any way. */
  modifiedFlows: ReadonlySet<string>;
  /** Per flow id: nodes that are new or changed. */
  modifiedNodes: ReadonlyMap<string, ReadonlySet<string>>;
  /** Flows deployed but no longer in the editor. */
  removedFlows: readonly string[];
}

const nodeCache = new WeakMap<FlowNode, WeakMap<FlowNode, boolean>>();

function sameNode(a: FlowNode, b: FlowNode): boolean {
  if (a === b) return true;
  let inner = nodeCache.get(a);
  if (!inner) nodeCache.set(a, (inner = new WeakMap()));
  let same = inner.get(b);
  if (same === undefined) inner.set(b, (same = sameContent(a, b)));
  return same;
}

/** Nodes of `flow` that are new or changed compared with `base`. */
export function modifiedNodesOf(flow: Flow, base: Flow | undefined): Set<string> {
  const out = new Set<string>();
  const before = new Map((base?.nodes ?? []).map((n) => [n.id, n]));
  for (const n of flow.nodes) {
    const old = before.get(n.id);
    if (!old || !sameNode(n, old)) out.add(n.id);
  }
  return out;
}

function flowModified(flow: Flow, base: Flow | undefined, nodes: ReadonlySet<string>): boolean {
  if (!base) return true;
  if (flow === base) return false;
  if (nodes.size || flow.nodes.length !== base.nodes.length) return true;
  const keys = new Set([...Object.keys(flow), ...Object.keys(base)]);
  keys.delete('nodes');
  for (const key of keys) {
    const a: unknown = Reflect.get(flow, key);
    const b: unknown = Reflect.get(base, key);
    if (a !== b && !sameValue(a, b)) return true;
  }
  return false;
}

const valueCache = new WeakMap<object, WeakMap<object, boolean>>();

/** Content comparison, memoised per pair of objects (wire lists are compared on every drag frame). */
function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return sameContent(a, b);
  let inner = valueCache.get(a);
  if (!inner) valueCache.set(a, (inner = new WeakMap()));
  let same = inner.get(b);
  if (same === undefined) inner.set(b, (same = sameContent(a, b)));
  return same;
}

/** Compares the editor's document with the deployed flows. */
export function diffDocument(flows: readonly Flow[], deployed: readonly Flow[]): DocumentDiff {
  const baseById = new Map(deployed.map((f) => [f.id, f]));
  const modifiedFlows = new Set<string>();
  const modifiedNodes = new Map<string, ReadonlySet<string>>();
  for (const flow of flows) {
    const base = baseById.get(flow.id);
    const nodes = flow === base ? new Set<string>() : modifiedNodesOf(flow, base);
    modifiedNodes.set(flow.id, nodes);
    if (flowModified(flow, base, nodes)) modifiedFlows.add(flow.id);
  }
  const present = new Set(flows.map((f) => f.id));
  const removedFlows = deployed.filter((f) => !present.has(f.id)).map((f) => f.id);
  const reordered = !removedFlows.length && flows.some((f, i) => deployed[i]?.id !== f.id);
  return {
    dirty: modifiedFlows.size > 0 || removedFlows.length > 0 || reordered,
    modifiedFlows,
    modifiedNodes,
    removedFlows,
  };
}
