import type { SerializedError } from '../message.js';
import type { ChartEvent } from './charts.js';

/** A node's status badge, as set by `ctx.status()`. `null` clears it. */
export interface NodeStatus {
  fill?: 'red' | 'green' | 'yellow' | 'blue' | 'grey';
  shape?: 'dot' | 'ring';
  text?: string;
}

/** Output of a debug node, streamed to the editor's debug sidebar. */
export interface DebugEvent {
  type: 'debug';
  time: number;
  flowId: string;
  nodeId: string;
  nodeName?: string;
  msgId: string;
  topic?: string;
  /** Which part of the message was shown, e.g. `payload` or `(complete message)`. */
  property: string;
  /** The value, truncated to a safe size (see `truncated`). */
  value: unknown;
  truncated?: boolean;
}

/** A node's status changed. */
export interface StatusEvent {
  type: 'status';
  time: number;
  flowId: string;
  nodeId: string;
  status: NodeStatus | null;
}

/** A node raised an error (also routed to the flow's catch nodes). */
export interface ErrorEvent {
  type: 'error';
  time: number;
  flowId: string;
  nodeId?: string;
  nodeType?: string;
  nodeName?: string;
  msgId?: string;
  error: SerializedError;
  /** True when a catch node in the flow handled it. */
  caught: boolean;
}

/** A node logged a line (`ctx.log.warn`, function `node.warn`). */
export interface LogEvent {
  type: 'log';
  time: number;
  level: 'debug' | 'info' | 'warn' | 'error';
  flowId: string;
  nodeId?: string;
  message: string;
  /**
   * Set on the runtime's notice that a node went over its output limits in the last second
   * (`limits.nodeEventsPerSecond`, `limits.logMessageChars`): events dropped per kind, texts cut.
   */
  limited?: { dropped: Partial<Record<'log' | 'debug' | 'status' | 'error', number>>; truncated: number };
}

/** Lifecycle of a flow's worker. */
export interface FlowStateEvent {
  type: 'flow-state';
  time: number;
  flowId: string;
  state: 'starting' | 'running' | 'crashed' | 'restarting' | 'stopped';
  detail?: string;
  restarts?: number;
}

/**
 * The connection a config node holds (MQTT broker, OPC UA server) went up or down
 * (`NodeContext.reportConnection`); `closed` when the node let it go (stopped, redeployed).
 * /healthz reports a `required` connection down for longer than `health.connectionGraceMs`.
 */
export interface ConnectionEvent {
  type: 'connection';
  time: number;
  flowId: string;
  nodeId: string;
  /** The node's type, e.g. `mqtt-broker` (config nodes are not among a flow's nodes). */
  nodeType: string;
  state: 'connected' | 'disconnected' | 'closed';
  /** What the node connects to, e.g. `mqtt://broker:1883`, without user name or password. */
  target: string;
  /** Why it is down, when known. */
  message?: string;
  /** Whether the flow needs it: a required connection down makes /healthz `degraded`. */
  required: boolean;
}

/** A deploy finished. */
export interface DeployEvent {
  type: 'deploy';
  time: number;
  revision: string;
  mode: DeployMode;
}

export type RuntimeEvent =
  DebugEvent | StatusEvent | ErrorEvent | LogEvent | FlowStateEvent | DeployEvent | ChartEvent | ConnectionEvent;
export type RuntimeEventType = RuntimeEvent['type'];

/** full: restart everything; flows: restart changed flows; nodes: restart changed nodes only. */
export type DeployMode = 'full' | 'flows' | 'nodes';
