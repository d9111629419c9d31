import type { GenealogyEdge } from './edge.js';
import type { GenealogyStore } from './genealogy-store.js';

/** Backward: where a lot came from (what was consumed into it). Forward: where it went. */
export type TraceDirection = 'backward' | 'forward';

/** A lot in a trace tree, with the link to its parent summed over all recorded events. */
export interface TraceNode {
  lot: string;
  material: string | null;
  /** Backward: amount of this lot consumed into the parent; forward: amount of the parent consumed into this lot. Null when unknown or in mixed units. */
  quantity: number | null;
  unit: string | null;
  workOrders: string[];
  equipment: string[];
  /** Product revisions (PLM) the lot was made with, as trace-record recorded them. */
  productRevisions: string[];
  /** First and last event time of the link (ISO). */
  firstTime: string | null;
  lastTime: string | null;
  children: TraceNode[];
  /** The lot is already on the path from the root: shown, not expanded again. */
  cycle?: true;
  /** The depth or node limit cut this lot's children off. */
  truncated?: true;
}

/** The answer of a trace query. */
export interface TraceResult {
  lot: string;
  direction: TraceDirection;
  depth: number;
  /** False when no edge names the lot (the tree is then the bare root). */
  found: boolean;
  tree: TraceNode;
  /** Every other lot reached, once each, sorted: the recall list. */
  lots: string[];
  /** True when the depth or node limit cut the tree. */
  truncated: boolean;
}

/**
 * Builds the genealogy tree of `lot`, `depth` levels deep (1 = direct inputs or uses). Cycle-safe
 * (a lot already on the path is marked `cycle` and not expanded); a lot reached through several
 * paths appears under each, and `maxNodes` caps the total.
 */
export function traceLot(
  store: GenealogyStore,
  args: { lot: string; direction: TraceDirection; depth: number; maxNodes?: number },
): TraceResult {
  const maxNodes = args.maxNodes ?? 10_000;
  const backward = args.direction === 'backward';
  const reached = new Set<string>();
  let nodes = 1;
  let truncated = false;
  const linksOf = (lot: string) => (backward ? store.inputsOf(lot) : store.usesOf(lot));

  const expand = (node: TraceNode, path: Set<string>, level: number) => {
    const groups = groupBy(linksOf(node.lot), (e) => (backward ? e.consumedLot : e.producedLot));
    if (groups.size === 0) return;
    if (level >= args.depth) {
      node.truncated = true;
      truncated = true;
      return;
    }
    for (const [lot, edges] of groups) {
      if (nodes >= maxNodes) {
        node.truncated = true;
        truncated = true;
        return;
      }
      nodes++;
      reached.add(lot);
      const child = linkNode(lot, edges, materialOf(store, lot), revisionsOf(store, lot));
      node.children.push(child);
      if (path.has(lot)) child.cycle = true;
      else expand(child, new Set(path).add(lot), level + 1);
    }
  };

  const root = linkNode(args.lot, [], materialOf(store, args.lot), revisionsOf(store, args.lot));
  expand(root, new Set([args.lot]), 0);
  reached.delete(args.lot);
  return {
    lot: args.lot,
    direction: args.direction,
    depth: args.depth,
    found: store.has(args.lot),
    tree: root,
    lots: [...reached].sort(),
    truncated,
  };
}

function linkNode(
  lot: string,
  edges: readonly GenealogyEdge[],
  material: string | null,
  productRevisions: string[],
): TraceNode {
  const units = new Set(edges.map((e) => e.unit ?? null));
  const quantities = edges.map((e) => e.quantity);
  const summable = edges.length > 0 && units.size === 1 && quantities.every((q) => q !== undefined);
  const times = edges.map((e) => e.time).sort((a, b) => Date.parse(a) - Date.parse(b));
  return {
    lot,
    material,
    quantity: summable ? quantities.reduce<number>((a, q) => a + (q ?? 0), 0) : null,
    unit: summable ? (edges[0]?.unit ?? null) : null,
    workOrders: unique(edges.map((e) => e.workOrder)),
    equipment: unique(edges.map((e) => e.equipment)),
    productRevisions,
    firstTime: times[0] ?? null,
    lastTime: times[times.length - 1] ?? null,
    children: [],
  };
}

/** The product revisions a lot was produced with (one, unless it was recorded again under another). */
function revisionsOf(store: GenealogyStore, lot: string): string[] {
  return unique(store.inputsOf(lot).map((e) => e.productRevision));
}

/** A lot's material as recorded when it was consumed or produced. */
function materialOf(store: GenealogyStore, lot: string): string | null {
  for (const e of store.usesOf(lot)) if (e.material) return e.material;
  for (const e of store.inputsOf(lot)) if (e.producedMaterial) return e.producedMaterial;
  return null;
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

function unique(values: ReadonlyArray<string | undefined>): string[] {
  return [...new Set(values.filter((v): v is string => v !== undefined))].sort();
}
