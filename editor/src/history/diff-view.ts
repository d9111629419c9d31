import {
  formatFlowPath,
  type FieldChange,
  type Flow,
  type FlowChange,
  type FlowDiff,
  type FlowNode,
  type Wire,
} from '@millwright/model';
import { wireId } from '../store/ids.js';

/** How a node or wire is drawn in diff mode; absent: the same on both sides. */
export type DiffMark = 'added' | 'removed' | 'changed' | 'moved';

/** One of the sides compared: a snapshot, or the editor's undeployed flows. */
export interface DiffSide {
  /** Snapshot id, or `canvas`. */
  id: string;
  label: string;
  flows: readonly Flow[];
}

/** What the history panel compares: `before` → `after`, and their semantic diff (`diffFlows`). */
export interface DiffView {
  before: DiffSide;
  after: DiffSide;
  diff: FlowDiff;
  /** The flow shown on the diff canvas. */
  flowId: string;
  /** A node to centre on the diff canvas (picked in the list). */
  focus?: string | undefined;
}

/** A flow as the diff canvas draws it: the `after` side, plus ghosts of what `before` had and `after` lost. */
export interface DiffCanvasFlow {
  flowId: string;
  name: string;
  kind: FlowChange['kind'] | 'unchanged';
  nodes: Array<{ node: FlowNode; mark?: DiffMark }>;
  wires: Array<{ wire: Wire; mark?: 'added' | 'removed' }>;
}

/**
 * The canvas content of one flow in diff mode. Nodes of the `after` side are marked added,
 * changed (a field other than the position differs) or moved (only the position); nodes only in
 * `before` come back as `removed` ghosts at their old position, and wires likewise. A flow
 * removed entirely is drawn from `before`, all ghosts.
 */
export function diffCanvasFlow(view: Pick<DiffView, 'before' | 'after' | 'diff'>, flowId: string): DiffCanvasFlow {
  const before = view.before.flows.find((f) => f.id === flowId);
  const after = view.after.flows.find((f) => f.id === flowId);
  const change = view.diff.flows.find((f) => f.id === flowId);
  const name = after?.name ?? before?.name ?? flowId;
  const kind = change?.kind ?? 'unchanged';
  if (!after) {
    const nodes = (before?.nodes ?? []).map((node) => ({ node, mark: 'removed' as const }));
    const wires = (before?.wires ?? []).map((wire) => ({ wire, mark: 'removed' as const }));
    return { flowId, name, kind, nodes, wires };
  }
  const marks = nodeMarks(change);
  const nodes: DiffCanvasFlow['nodes'] = after.nodes.map((node) => {
    const mark = change?.kind === 'added' ? 'added' : marks.get(node.id);
    return mark ? { node, mark } : { node };
  });
  const afterIds = new Set(after.nodes.map((n) => n.id));
  for (const node of before?.nodes ?? []) if (!afterIds.has(node.id)) nodes.push({ node, mark: 'removed' });
  const added = new Set((change?.wires.added ?? []).map(wireId));
  const wires: DiffCanvasFlow['wires'] = after.wires.map((wire) =>
    change?.kind === 'added' || added.has(wireId(wire)) ? { wire, mark: 'added' } : { wire },
  );
  for (const wire of change?.wires.removed ?? []) wires.push({ wire, mark: 'removed' });
  return { flowId, name, kind, nodes, wires };
}

/** Node id → mark, from one flow's change (nodes only; config nodes and groups are not on the canvas). */
export function nodeMarks(change: FlowChange | undefined): Map<string, DiffMark> {
  const out = new Map<string, DiffMark>();
  for (const item of change?.nodes ?? [])
    out.set(item.id, item.kind === 'changed' && !item.fields.length ? 'moved' : item.kind);
  return out;
}

/** The flow to show first: the active editor tab when it changed, else the first changed flow. */
export function initialDiffFlow(diff: FlowDiff, activeFlowId: string): string {
  if (diff.flows.some((f) => f.id === activeFlowId)) return activeFlowId;
  return diff.flows[0]?.id ?? activeFlowId;
}

/** How many things changed in a flow: flow settings and renames, nodes, config nodes, groups, wires. */
export function changeCount(change: FlowChange): number {
  if (change.kind !== 'changed') return change.nodeCount ?? 0;
  return (
    (change.renamed ? 1 : 0) +
    change.settings.length +
    change.nodes.length +
    change.configs.length +
    change.groups.length +
    change.wires.added.length +
    change.wires.removed.length
  );
}

/**
 * A changed field's path as `millwright diff` prints it: relative to its node, config node or
 * group (`config.timeoutMs` for `$.nodes["n1"].config.timeoutMs`), or to the flow for its settings.
 */
export function fieldPath(field: FieldChange): string {
  const inItem = typeof field.path[1] === 'object';
  return formatFlowPath(field.path.slice(inItem ? 2 : 0)).replace(/^\$\.?/, '');
}
