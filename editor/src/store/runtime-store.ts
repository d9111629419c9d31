import type {
  ChartEvent,
  DebugEvent,
  DeployEvent,
  ErrorEvent,
  EventStreamFrame,
  FlowStateEvent,
  LogEvent,
  NodeStatus,
} from '@millwright/model';
import { appendChartEvents } from '../charts/chart-series.js';
import { createStore, type Store } from './create-store.js';

/** One line of the debug sidebar. */
export type DebugEntry =
  | { seq: number; kind: 'debug'; event: DebugEvent }
  | { seq: number; kind: 'error'; event: ErrorEvent }
  | { seq: number; kind: 'log'; event: LogEvent };

/** A node's status badge and the flow that reported it. */
export interface NodeStatusEntry {
  flowId: string;
  status: NodeStatus;
}

/** Live runtime state fed by the `/api/events` websocket. */
export interface RuntimeState {
  connection: 'connecting' | 'open' | 'closed' | 'unauthorized';
  /** Newest last, at most `debugCap`. */
  messages: DebugEntry[];
  /** How many debug entries the sidebar keeps (the user's choice, `DEBUG_CAPS`). */
  debugCap: number;
  /** Entries discarded from the sidebar because it held `debugCap` already (since the last clear). */
  discarded: number;
  paused: boolean;
  /** Entries that arrived while paused; shown on resume. */
  held: DebugEntry[];
  seq: number;
  /** Latest status per node, with the flow it belongs to. */
  statuses: ReadonlyMap<string, NodeStatusEntry>;
  /** The latest error per node, until the next deploy. */
  errors: ReadonlyMap<string, ErrorEvent>;
  flowStates: ReadonlyMap<string, FlowStateEvent>;
  /** Events the server dropped because this client read too slowly. */
  dropped: number;
  lastDeploy: DeployEvent | undefined;
  /** Live chart events per node (quality-check, oee), newest last, at most `MAX_CHART_EVENTS` each. */
  charts: ReadonlyMap<string, readonly ChartEvent[]>;
}

/** Oldest debug entries beyond this are discarded, unless the user chose another cap. */
export const MAX_DEBUG_ENTRIES = 1_000;

/** Caps the user can choose in the debug sidebar. */
export const DEBUG_CAPS = [100, 1_000, 5_000, 20_000] as const;

const CAP_KEY = 'millwright.debugCap';

/** The cap chosen in this browser earlier, or the default. */
export function savedDebugCap(): number {
  const saved = Number(typeof localStorage !== 'undefined' ? localStorage.getItem(CAP_KEY) : null);
  return (DEBUG_CAPS as readonly number[]).includes(saved) ? saved : MAX_DEBUG_ENTRIES;
}

export type RuntimeStore = Store<RuntimeState>;

export function initialRuntimeState(): RuntimeState {
  return {
    connection: 'connecting',
    messages: [],
    debugCap: savedDebugCap(),
    discarded: 0,
    paused: false,
    held: [],
    seq: 0,
    statuses: new Map(),
    errors: new Map(),
    flowStates: new Map(),
    dropped: 0,
    lastDeploy: undefined,
    charts: new Map(),
  };
}

export function createRuntimeStore(): RuntimeStore {
  return createStore(initialRuntimeState());
}

/** Folds one websocket frame into the state. Pure; copies each map at most once per frame. */
export function applyFrame(state: RuntimeState, frame: EventStreamFrame): RuntimeState {
  let seq = state.seq;
  const added: DebugEntry[] = [];
  let statuses: Map<string, NodeStatusEntry> | undefined;
  let errors: Map<string, ErrorEvent> | undefined;
  let flowStates: Map<string, FlowStateEvent> | undefined;
  let dropped = state.dropped;
  let lastDeploy = state.lastDeploy;
  const charts: ChartEvent[] = [];
  for (const event of frame) {
    switch (event.type) {
      case 'debug':
        added.push({ seq: ++seq, kind: 'debug', event });
        break;
      case 'error':
        added.push({ seq: ++seq, kind: 'error', event });
        if (event.nodeId) (errors ??= new Map(state.errors)).set(event.nodeId, event);
        break;
      case 'log':
        // Node-originated warnings (function `node.warn`) belong in the sidebar; runtime chatter does not.
        if (event.nodeId && event.level !== 'debug') added.push({ seq: ++seq, kind: 'log', event });
        break;
      case 'status':
        statuses ??= new Map(state.statuses);
        if (event.status && (event.status.text || event.status.fill))
          statuses.set(event.nodeId, { flowId: event.flowId, status: event.status });
        else statuses.delete(event.nodeId);
        break;
      case 'flow-state':
        (flowStates ??= new Map(state.flowStates)).set(event.flowId, event);
        // A (re)starting or stopped flow's nodes no longer show what they showed before.
        if (event.state !== 'running') {
          statuses ??= new Map(state.statuses);
          for (const [nodeId, entry] of statuses) if (entry.flowId === event.flowId) statuses.delete(nodeId);
        }
        break;
      case 'deploy':
        lastDeploy = event;
        errors = new Map(); // a deploy restarts nodes; old errors no longer describe them
        break;
      case 'dropped':
        dropped += event.count;
        break;
      case 'chart':
        charts.push(event);
        break;
      case 'subscribed':
        break;
    }
  }
  const next: RuntimeState = { ...state, seq, dropped, lastDeploy };
  if (statuses) next.statuses = statuses;
  if (errors) next.errors = errors;
  if (flowStates) next.flowStates = flowStates;
  if (charts.length) next.charts = appendChartEvents(state.charts, charts);
  if (added.length) {
    if (state.paused) next.held = trim(next, [...state.held, ...added]);
    else next.messages = trim(next, [...state.messages, ...added]);
  }
  return next;
}

/** Keeps the newest `debugCap` entries, counting the discarded ones in `state.discarded`. */
function trim(state: RuntimeState, entries: DebugEntry[]): DebugEntry[] {
  if (entries.length <= state.debugCap) return entries;
  state.discarded += entries.length - state.debugCap;
  return entries.slice(entries.length - state.debugCap);
}

/** Changes how many entries the sidebar keeps (remembered in this browser). */
export function setDebugCap(state: RuntimeState, cap: number): RuntimeState {
  if (typeof localStorage !== 'undefined') localStorage.setItem(CAP_KEY, String(cap));
  const next = { ...state, debugCap: cap };
  next.messages = trim(next, state.messages);
  next.held = trim(next, state.held);
  return next;
}

/** Pauses or resumes the sidebar; resuming shows what arrived meanwhile. */
export function setPaused(state: RuntimeState, paused: boolean): RuntimeState {
  if (paused === state.paused) return state;
  if (paused) return { ...state, paused };
  const next = { ...state, paused, held: [] };
  next.messages = trim(next, [...state.messages, ...state.held]);
  return next;
}

/** Empties the sidebar (statuses and errors on the canvas stay). */
export function clearMessages(state: RuntimeState): RuntimeState {
  return { ...state, messages: [], held: [], dropped: 0, discarded: 0 };
}
