import { isSharedConfigDocument, type Flow, type PathSegment } from '@millwright/model';
import type { Catalog } from './catalog.js';
import { applyChanges, type Change } from './changes.js';
import type { ClipboardData } from './clipboard.js';
import { createStore, type Store } from './create-store.js';
import { EMPTY_HISTORY, record, redo, undo, type History, type Snapshot } from './history.js';
import { newId, wireId } from './ids.js';
import { withSubflowTypes } from '../subflows/subflow-types.js';

/** Selected elements of the active flow. */
export interface Selection {
  nodes: ReadonlySet<string>;
  wires: ReadonlySet<string>;
}

/** A deploy problem located on a node (path relative to the node, e.g. `['config', 'timeoutMs']`). */
export interface NodeIssue {
  path: PathSegment[];
  code: string;
  message: string;
}

/** The document of one editor session: all flows (tabs), selection, history and the deployed baseline. */
export interface EditorState {
  status: 'loading' | 'ready' | 'error';
  loadError?: string | undefined;
  catalog: Catalog;
  flows: Flow[];
  activeFlowId: string;
  selection: Selection;
  history: History;
  /** What the server runs (as of the last load or deploy); edits are compared with it. */
  deployed: { revision: string; flows: Flow[] };
  /** Problems from the last refused deploy, keyed by node, config node or flow id. */
  deployIssues: ReadonlyMap<string, NodeIssue[]>;
  clipboard: ClipboardData | undefined;
  /** The state before a drag began; the whole drag becomes one undo step. */
  transient: Snapshot | undefined;
  /** Config node shown in the properties panel instead of the selection. */
  inspectedConfig: string | undefined;
  /** Revision deployed by another session since we loaded (a deploy would conflict). */
  remoteRevision: string | undefined;
}

export type EditorStore = Store<EditorState>;

export const EMPTY_SELECTION: Selection = { nodes: new Set(), wires: new Set() };

export function initialEditorState(): EditorState {
  return {
    status: 'loading',
    catalog: new Map(),
    flows: [],
    activeFlowId: '',
    selection: EMPTY_SELECTION,
    history: EMPTY_HISTORY,
    deployed: { revision: '', flows: [] },
    deployIssues: new Map(),
    clipboard: undefined,
    transient: undefined,
    inspectedConfig: undefined,
    remoteRevision: undefined,
  };
}

export function createEditorStore(initial: EditorState = initialEditorState()): EditorStore {
  return createStore(initial);
}

/** An empty flow for a new tab. */
export function emptyFlow(name: string): Flow {
  return { version: 1, id: newId(), name, nodes: [], wires: [] };
}

/** Installs the catalog and the server's flows (first load or "reload server flows"). */
export function loaded(state: EditorState, args: { catalog: Catalog; flows: Flow[]; revision: string }): EditorState {
  // An empty runtime opens with one blank tab, counted as deployed so it does not show as a change.
  const flows = args.flows.some(isTab) ? args.flows : [...args.flows, emptyFlow('Flow 1')];
  const active = flows.some((f) => f.id === state.activeFlowId && isTab(f)) ? state.activeFlowId : firstTab(flows);
  return {
    ...state,
    status: 'ready',
    loadError: undefined,
    // Subflow definitions add their instance types (subflows/subflow-types.ts), kept in step below.
    catalog: withSubflowTypes(args.catalog, flows),
    flows,
    activeFlowId: active,
    selection: EMPTY_SELECTION,
    history: EMPTY_HISTORY,
    deployed: { revision: args.revision, flows },
    deployIssues: new Map(),
    transient: undefined,
    remoteRevision: undefined,
  };
}

/**
 * Applies edits as one undo step. `key` merges quick successive edits of the same thing (typing
 * into one field). During a drag (`transient`) no step is recorded until `endTransient`.
 */
export function edit(
  state: EditorState,
  changes: Change | readonly Change[],
  options: { key?: string; at?: number } = {},
): EditorState {
  const list: readonly Change[] = isChangeList(changes) ? changes : [changes];
  const flows = applyChanges(state.flows, list);
  if (flows === state.flows) return state;
  const before: Snapshot = { flows: state.flows, activeFlowId: state.activeFlowId };
  const history = state.transient
    ? state.history
    : record(state.history, before, { ...(options.key ? { key: options.key } : {}), at: options.at ?? Date.now() });
  const activeFlowId = flows.some((f) => f.id === state.activeFlowId) ? state.activeFlowId : firstTab(flows);
  return {
    ...state,
    flows,
    catalog: withSubflowTypes(state.catalog, flows),
    history,
    activeFlowId,
    deployIssues: forgetIssues(state.deployIssues, list),
    selection:
      activeFlowId === state.activeFlowId ? pruneSelection(state.selection, flows, activeFlowId) : EMPTY_SELECTION,
  };
}

function isChangeList(c: Change | readonly Change[]): c is readonly Change[] {
  return Array.isArray(c);
}

/** Starts a drag: later edits are folded into one undo step by `endTransient`. */
export function beginTransient(state: EditorState): EditorState {
  if (state.transient) return state;
  return { ...state, transient: { flows: state.flows, activeFlowId: state.activeFlowId } };
}

/** Ends a drag, recording one undo step if the document changed. */
export function endTransient(state: EditorState, at: number = Date.now()): EditorState {
  const before = state.transient;
  if (!before) return state;
  const history = before.flows === state.flows ? state.history : record(state.history, before, { at });
  return { ...state, transient: undefined, history };
}

export function undoEdit(state: EditorState): EditorState {
  const step = undo(state.history, { flows: state.flows, activeFlowId: state.activeFlowId });
  return step ? restore(state, step.history, step.restore) : state;
}

export function redoEdit(state: EditorState): EditorState {
  const step = redo(state.history, { flows: state.flows, activeFlowId: state.activeFlowId });
  return step ? restore(state, step.history, step.restore) : state;
}

function restore(state: EditorState, history: History, snapshot: Snapshot): EditorState {
  const activeFlowId = snapshot.flows.some((f) => f.id === snapshot.activeFlowId)
    ? snapshot.activeFlowId
    : firstTab(snapshot.flows);
  return {
    ...state,
    history,
    flows: snapshot.flows,
    catalog: withSubflowTypes(state.catalog, snapshot.flows),
    activeFlowId,
    transient: undefined,
    selection: pruneSelection(state.selection, snapshot.flows, activeFlowId),
  };
}

/** Replaces the selection (of the active flow). */
export function select(state: EditorState, nodes: Iterable<string>, wires: Iterable<string> = []): EditorState {
  return { ...state, selection: { nodes: new Set(nodes), wires: new Set(wires) }, inspectedConfig: undefined };
}

/** Switches tabs; the selection belongs to a tab, so it is cleared. */
export function setActiveFlow(state: EditorState, flowId: string): EditorState {
  if (flowId === state.activeFlowId || !state.flows.some((f) => f.id === flowId && isTab(f))) return state;
  return { ...state, activeFlowId: flowId, selection: EMPTY_SELECTION, inspectedConfig: undefined };
}

/** A document shown as a tab: not a shared config document (its config nodes show in the flow panel). */
function isTab(flow: Flow): boolean {
  return !isSharedConfigDocument(flow);
}

/** The first tab's id, where a removed or unknown active flow leads. */
function firstTab(flows: readonly Flow[]): string {
  return flows.find(isTab)?.id ?? '';
}

/** The open flow, if any. */
export function activeFlow(state: EditorState): Flow | undefined {
  return state.flows.find((f) => f.id === state.activeFlowId);
}

function pruneSelection(selection: Selection, flows: Flow[], flowId: string): Selection {
  if (!selection.nodes.size && !selection.wires.size) return selection;
  const flow = flows.find((f) => f.id === flowId);
  if (!flow) return EMPTY_SELECTION;
  const ids = new Set(flow.nodes.map((n) => n.id));
  const nodes = [...selection.nodes].filter((id) => ids.has(id));
  if (nodes.length === selection.nodes.size && !selection.wires.size) return selection;
  const wireIds = new Set(flow.wires.map(wireId));
  return { nodes: new Set(nodes), wires: new Set([...selection.wires].filter((id) => wireIds.has(id))) };
}

/** Editing a node makes its reported deploy problems stale. */
function forgetIssues(
  issues: ReadonlyMap<string, NodeIssue[]>,
  changes: readonly Change[],
): ReadonlyMap<string, NodeIssue[]> {
  if (!issues.size) return issues;
  let next: Map<string, NodeIssue[]> | undefined;
  const drop = (id: string) => {
    if (!issues.has(id)) return;
    next ??= new Map(issues);
    next.delete(id);
  };
  for (const c of changes) {
    if (c.type === 'update-node') drop(c.nodeId);
    else if (c.type === 'remove-elements') {
      c.nodeIds.forEach(drop);
      drop(c.flowId);
    } else if (c.type === 'upsert-config') drop(c.config.id);
    else if (c.type === 'add-wire') drop(c.flowId);
    else if (c.type === 'replace-flows') return new Map();
  }
  return next ?? issues;
}
