import type { FlowMessage, RuntimeEvent } from '@millwright/model';
import type { Confinement } from '../confinement/confinement.js';
import type { ContextStore, QueueReplica } from '../node-context.js';
import type { NodeRegistry } from '../registry.js';
import type { QueueLimits } from './flow-pressure.js';

/**
 * What the engine needs from whoever runs it: the in-process test harness, or a worker thread
 * in the runtime. Keeping it this small is what lets one engine serve both.
 */
export interface EngineHost {
  flowId: string;
  registry: NodeRegistry;
  /** Receives debug, status, error and log events. Must not throw. */
  emit(event: RuntimeEvent): void;
  /** Runtime-wide context shared by all flows. */
  globalContext: ContextStore;
  /** Decrypted credentials for a node id. */
  credentials?(nodeId: string): Record<string, unknown> | undefined;
  env?(name: string): string | undefined;
  /**
   * Delivers to a node in another flow (link nodes). Returns false when no flow owns the id. When
   * given, `accepted` is called once the message is safely with the other side (journaled), or
   * refused with an error event: until then the message's take receipt is held.
   */
  remoteDeliver?(nodeId: string, msg: FlowMessage, accepted?: () => void): boolean;
  /** Sees every message a node sends, before routing (test harness, tracing). Keep it cheap. */
  observeSend?(nodeId: string, port: number, msg: FlowMessage): void;
  /** Max messages processed per scheduler turn before yielding to I/O. */
  turnBudget?: number;
  /** Max time to wait for a node's close() before moving on. */
  closeTimeoutMs?: number;
  /** Folder where nodes may keep durable files (`NodeContext.dataDir`); omitted when nothing is kept on disk. */
  dataDir?: string;
  /** `NodeContext.confinement` of every node (settings.json `files` and `outbound`); omitted: the defaults. */
  confinement?: Confinement;
  /** The replicated journal of a node's store-and-forward queue (`NodeContext.queueReplica`), in cluster mode. */
  queueReplica?(nodeId: string): QueueReplica | undefined;
  /** Queue limits of the flow (defaults: {@link DEFAULT_QUEUE_LIMITS}). */
  queueLimits?: Partial<QueueLimits>;
  /**
   * Told when the flow's queue reaches its high-water mark (`high` true: sources are paused) and
   * when it is back to half of it, with the number of messages queued. Must not throw.
   */
  pressure?(high: boolean, queued: number): void;
  /** Carries `NodeContext.respond` to whoever delivered the request (the runtime's HTTP routes). Must not throw. */
  respond?(replyTo: string, response: unknown): void;
}

/** Per-node counters, read by the runtime's /metrics. */
export interface NodeStats {
  received: number;
  sent: number;
  errors: number;
  /** Messages waiting for this node now: its mailbox plus what it holds (e.g. awaiting async code). */
  queued: number;
  /** Age in ms of the oldest message in this node's mailbox (0 when it is empty): a stalled queue grows it. */
  oldestMs: number;
}

/** A node of a running flow that could not start (invalid config, code that does not compile...). */
export interface NodeFault {
  nodeId: string;
  type: string;
  code: string;
  message: string;
}

/** Which nodes a deploy touched, and which nodes of the flow are not running after it. */
export interface EngineUpdateResult {
  started: string[];
  restarted: string[];
  stopped: string[];
  rewired: boolean;
  faults: NodeFault[];
}
