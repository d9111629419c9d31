import type { Flow } from '@millwright/model';
import { edit, type EditorState } from '../store/editor-state.js';
import type { Change } from '../store/changes.js';
import { newId } from '../store/ids.js';

/** What to do with an imported flow whose id is already open. */
export type ImportMode = 'replace' | 'copy';

/** Ids of imported flows that are already open in the editor. */
export function clashingFlows(state: EditorState, flows: readonly Flow[]): string[] {
  const open = new Set(state.flows.map((f) => f.id));
  return flows.filter((f) => open.has(f.id)).map((f) => f.id);
}

/**
 * Adds imported flows as one undo step and opens the first. Flows keep their ids when they are
 * new, so re-importing a deployed flow's file and deploying "modified nodes" restarts only what
 * changed. A clashing flow is replaced in place (`replace`) or added as a copy with fresh ids
 * (`copy`); node ids used by another open flow are always renewed (they must be unique).
 */
export function importFlows(state: EditorState, flows: readonly Flow[], mode: ImportMode): EditorState {
  const changes: Change[] = [];
  let firstId: string | undefined;
  const openFlows = new Set(state.flows.map((f) => f.id));
  for (const incoming of flows) {
    const clash = openFlows.has(incoming.id);
    const usedElsewhere = new Set(
      state.flows
        .filter((f) => !(clash && mode === 'replace' && f.id === incoming.id))
        .flatMap((f) => [...f.nodes.map((n) => n.id), ...(f.configs ?? []).map((c) => c.id)]),
    );
    const copy = clash && mode === 'copy';
    const flow = renewIds(incoming, copy ? () => true : (id) => usedElsewhere.has(id), copy);
    firstId ??= flow.id;
    if (clash && mode === 'replace') {
      changes.push({ type: 'remove-flow', flowId: incoming.id });
      const index = state.flows.findIndex((f) => f.id === incoming.id);
      changes.push({ type: 'add-flow', flow, index });
    } else changes.push({ type: 'add-flow', flow });
  }
  const next = edit(state, changes);
  return firstId ? { ...next, activeFlowId: firstId, selection: { nodes: new Set(), wires: new Set() } } : next;
}

/** Gives new ids to the nodes and config nodes for which `renew` says so (and to the flow when `newFlowId`). */
export function renewIds(flow: Flow, renew: (id: string) => boolean, newFlowId: boolean): Flow {
  const map = new Map<string, string>();
  for (const n of flow.nodes) if (renew(n.id)) map.set(n.id, newId());
  for (const c of flow.configs ?? []) if (renew(c.id)) map.set(c.id, newId());
  const groupMap = new Map<string, string>();
  if (newFlowId) for (const g of flow.groups ?? []) groupMap.set(g.id, newId());
  if (!map.size && !newFlowId) return flow;
  const ref = (id: string) => map.get(id) ?? id;
  // Config references are plain string values in node configs; only exact config-node ids are rewritten.
  const configIds = new Set((flow.configs ?? []).map((c) => c.id));
  const remapConfig = (config: Record<string, unknown>) =>
    Object.fromEntries(
      Object.entries(config).map(([k, v]) => [k, typeof v === 'string' && configIds.has(v) ? ref(v) : v]),
    );
  return {
    ...flow,
    id: newFlowId ? newId() : flow.id,
    name: newFlowId ? `${flow.name} (copy)` : flow.name,
    nodes: flow.nodes.map((n) => ({
      ...n,
      id: ref(n.id),
      config: remapConfig(n.config),
      ...(n.group ? { group: groupMap.get(n.group) ?? n.group } : {}),
    })),
    wires: flow.wires.map((w) => ({
      from: { ...w.from, node: ref(w.from.node) },
      to: { ...w.to, node: ref(w.to.node) },
    })),
    ...(flow.configs ? { configs: flow.configs.map((c) => ({ ...c, id: ref(c.id) })) } : {}),
    ...(flow.groups ? { groups: flow.groups.map((g) => ({ ...g, id: groupMap.get(g.id) ?? g.id })) } : {}),
  };
}
