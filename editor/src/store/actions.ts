import { isSharedConfigDocument, type Flow, type FlowNode, type Position, type Wire } from '@millwright/model';
import { createNode, nextDefaultName, outputCount } from './catalog.js';
import type { Change } from './changes.js';
import { copyNodes, pasteNodes, type ClipboardData } from './clipboard.js';
import { activeFlow, edit, emptyFlow, select, type EditorState } from './editor-state.js';
import { newId, wireId } from './ids.js';

/**
 * Drops a node of `type` centred at `at` on the open flow and selects it; `preset` names it and sets
 * config keys over the defaults (a variable dragged from the OPC UA browser).
 */
export function addNode(
  state: EditorState,
  type: string,
  at: Position,
  preset: { name?: string; config?: Record<string, unknown> } = {},
): EditorState {
  const entry = state.catalog.get(type);
  const flow = activeFlow(state);
  if (!entry || entry.isConfig || !flow) return state;
  const created = createNode(
    entry,
    { x: snap(at.x - 60), y: snap(at.y - 15) },
    preset.name ?? nextDefaultName(state.flows, entry),
  );
  const node = preset.config ? { ...created, config: { ...created.config, ...preset.config } } : created;
  return select(edit(state, { type: 'add-nodes', flowId: flow.id, nodes: [node] }), [node.id]);
}

/** Deletes the selected nodes (with their wires) and wires. */
export function deleteSelection(state: EditorState): EditorState {
  const flow = activeFlow(state);
  const { nodes, wires } = state.selection;
  if (!flow || (!nodes.size && !wires.size)) return state;
  return edit(state, { type: 'remove-elements', flowId: flow.id, nodeIds: [...nodes], wireIds: [...wires] });
}

/** Puts the selected nodes on the editor clipboard; returns undefined when nothing is selected. */
export function copySelection(state: EditorState): { state: EditorState; data: ClipboardData } | undefined {
  const flow = activeFlow(state);
  if (!flow || !state.selection.nodes.size) return undefined;
  const data = copyNodes(flow, state.selection.nodes);
  return { state: { ...state, clipboard: data }, data };
}

/** Pastes clipboard content into the open flow (offset, or with its top-left at `at`) and selects it. */
export function paste(
  state: EditorState,
  data: ClipboardData | undefined = state.clipboard,
  at?: Position,
): EditorState {
  const flow = activeFlow(state);
  if (!flow || !data?.nodes.length) return state;
  const existingConfigIds = new Set(state.flows.flatMap((f) => (f.configs ?? []).map((c) => c.id)));
  const pasted = pasteNodes(data, { newId, existingConfigIds, ...(at ? { at } : {}) });
  const next = edit(state, { type: 'add-nodes', flowId: flow.id, ...pasted });
  // Paste again and the copy should not land exactly on the previous one.
  const shifted: ClipboardData = { ...data, nodes: pasted.nodes, wires: pasted.wires };
  return {
    ...select(
      next,
      pasted.nodes.map((n) => n.id),
    ),
    clipboard: data === state.clipboard ? shifted : state.clipboard,
  };
}

/** Copy + paste in one step (Ctrl+D). */
export function duplicateSelection(state: EditorState): EditorState {
  const copied = copySelection(state);
  return copied ? paste(state, copied.data) : state;
}

export function selectAll(state: EditorState): EditorState {
  const flow = activeFlow(state);
  return flow
    ? select(
        state,
        flow.nodes.map((n) => n.id),
      )
    : state;
}

/** Puts the selected ungrouped nodes into a new group. */
export function groupSelection(state: EditorState, name = 'Group'): EditorState {
  const flow = activeFlow(state);
  if (!flow) return state;
  const nodeIds = flow.nodes.filter((n) => state.selection.nodes.has(n.id) && !n.group).map((n) => n.id);
  if (!nodeIds.length) return state;
  return edit(state, { type: 'group-nodes', flowId: flow.id, group: { id: newId(), name }, nodeIds });
}

/** Dissolves every group that a selected node belongs to. */
export function ungroupSelection(state: EditorState): EditorState {
  const flow = activeFlow(state);
  if (!flow) return state;
  const groups = new Set(
    flow.nodes.filter((n) => state.selection.nodes.has(n.id) && n.group).map((n) => n.group ?? ''),
  );
  if (!groups.size) return state;
  return edit(
    state,
    [...groups].map((groupId): Change => ({ type: 'ungroup', flowId: flow.id, groupId })),
  );
}

/**
 * Changes a node's name, config or disabled flag. Successive edits of the same field merge into one
 * undo step; wires from output ports that no longer exist (fewer switch rules) are removed.
 */
export function updateNode(
  state: EditorState,
  args: {
    flowId: string;
    nodeId: string;
    patch: { name?: string; config?: Record<string, unknown>; disabled?: boolean };
    field?: string;
  },
): EditorState {
  const flow = state.flows.find((f) => f.id === args.flowId);
  const node = flow?.nodes.find((n) => n.id === args.nodeId);
  if (!node) return state;
  const entry = state.catalog.get(node.type);
  const config = args.patch.config ?? node.config;
  const change: Change = {
    type: 'update-node',
    flowId: args.flowId,
    nodeId: args.nodeId,
    patch: args.patch,
    ...(entry?.outputsFrom ? { outputCount: outputCount(entry, config) } : {}),
  };
  return edit(state, change, { key: `node:${args.nodeId}:${args.field ?? Object.keys(args.patch).join(',')}` });
}

/** Wires an output port to an input port; duplicates and missing ports are ignored. */
export function connect(state: EditorState, wire: Wire): EditorState {
  const flow = activeFlow(state);
  if (!flow) return state;
  const from = flow.nodes.find((n) => n.id === wire.from.node);
  const to = flow.nodes.find((n) => n.id === wire.to.node);
  if (!from || !to) return state;
  const fromEntry = state.catalog.get(from.type);
  const toEntry = state.catalog.get(to.type);
  if (wire.from.port >= outputCount(fromEntry, from.config) || !toEntry || wire.to.port >= toEntry.inputs) return state;
  if (flow.wires.some((w) => wireId(w) === wireId(wire))) return state;
  return edit(state, { type: 'add-wire', flowId: flow.id, wire });
}

/** Adds a tab with a fresh, empty flow and opens it. */
export function addFlow(state: EditorState): EditorState {
  const names = new Set(state.flows.map((f) => f.name));
  let i = state.flows.filter((f) => !isSharedConfigDocument(f)).length + 1;
  while (names.has(`Flow ${i}`)) i++;
  const flow: Flow = emptyFlow(`Flow ${i}`);
  const next = edit(state, { type: 'add-flow', flow });
  return { ...next, activeFlowId: flow.id, selection: { nodes: new Set(), wires: new Set() } };
}

/** Removes a tab; the last remaining flow cannot be removed. */
export function removeFlow(state: EditorState, flowId: string): EditorState {
  if (state.flows.filter((f) => !isSharedConfigDocument(f)).length <= 1) return state;
  return edit(state, { type: 'remove-flow', flowId });
}

/** Selects a node and returns where it sits, e.g. to reveal it from the debug sidebar. */
export function findNode(state: EditorState, nodeId: string): { flow: Flow; node: FlowNode } | undefined {
  for (const flow of state.flows) {
    const node = flow.nodes.find((n) => n.id === nodeId);
    if (node) return { flow, node };
  }
  return undefined;
}

function snap(v: number): number {
  return Math.round(v / 10) * 10;
}
