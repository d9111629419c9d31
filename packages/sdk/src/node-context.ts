import type { ChartPayload, FlowMessage, NodeStatus } from '@millwright/model';
import type { Confinement } from './confinement/confinement.js';

/** What a node may send: one message to port 0, or one entry per port (each a message, a list, or null). */
export type NodeOutput =
  FlowMessage | null | undefined | ReadonlyArray<FlowMessage | ReadonlyArray<FlowMessage> | null | undefined>;

/**
 * A key-value store scoped to a node, a flow or the whole runtime. Values must be structured-cloneable;
 * in a flow that keeps its context on disk (`Flow.context`), JSON, and `set` throws a `UserError`
 * (`context_too_large`, `context_not_serializable`) when the value cannot be kept.
 */
export interface ContextStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
  keys(): string[];
  /**
   * Resolves once every value set so far is in the flow's context file (written now, whatever
   * `flushIntervalMs` says), for a node that must not act on a change before it would survive a
   * kill -9 (sql-poll reads its next batch only then). Resolves at once where nothing is kept on
   * disk; undefined for stores that cannot tell. Rejects when the write fails.
   */
  persisted?(): Promise<void>;
}

export interface NodeLogger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/**
 * The state of a connection a node holds (a config node's broker or server session), for the
 * runtime's health: see {@link NodeContext.reportConnection}.
 */
export interface ConnectionReport {
  /** `closed`: the node no longer holds the connection (it is closing); the runtime forgets it. */
  state: 'connected' | 'disconnected' | 'closed';
  /** What the node connects to, e.g. the broker URL. User name and password in it are removed. */
  target: string;
  /** Why it is down, when known. */
  message?: string;
  /** False for a connection the flow can do without: it never makes /healthz degraded (default true). */
  required?: boolean;
}

/** A flow-level error or status as seen by catch and status nodes. */
export interface FlowSignalSource {
  id: string;
  type: string;
  name?: string;
}

/**
 * Scope of a catch or status node: every node of the flow, or only the listed ids.
 * `uncaughtOnly` catch nodes fire only when no scoped catch node matched.
 */
export interface SignalScope {
  nodes?: readonly string[];
  uncaughtOnly?: boolean;
}

/** Flow-level services for nodes that act on the flow itself (catch, status, link). */
export interface FlowServices {
  /** Receive errors raised by nodes in scope. */
  onError(
    scope: SignalScope,
    handler: (error: FlowMessage['error'] & object, msg: FlowMessage | undefined, source: FlowSignalSource) => void,
  ): void;
  /** Receive status changes of nodes in scope. */
  onStatus(scope: SignalScope, handler: (status: NodeStatus | null, source: FlowSignalSource) => void): void;
  /** Deliver a message to the input of another node, in this flow or another (link nodes). */
  deliverTo(nodeId: string, msg: FlowMessage): void;
  /**
   * The id of a node of this flow of `type`, named by its id or else by its name (the first such
   * node); undefined when there is none. Lets a link call pick its target from `msg.target`.
   */
  findNode(idOrName: string, type: string): string | undefined;
  /**
   * Back-pressure for sources: resolves at once while the flow takes messages, and otherwise when
   * its queue is back under the limit (`QueueLimits.highWater`). A source awaits it before each
   * batch it sends (inject bursts do); one that cannot wait (a server answering a caller) asks
   * {@link writable} and refuses instead.
   */
  whenWritable(): Promise<void>;
  /** False while the flow's queue is over its high-water mark. */
  writable(): boolean;
}

/**
 * Everything a node's `setup()` gets. Configs are already validated and defaulted by the node's
 * schema, so node code reads them typed without casts.
 */
export interface NodeContext<C = Record<string, unknown>, K = Record<string, unknown>> {
  readonly id: string;
  readonly type: string;
  readonly name: string;
  readonly flowId: string;
  readonly config: C;
  /** Decrypted credentials for this node, or an empty object. Never part of the flow file. */
  readonly credentials: Partial<K>;
  readonly log: NodeLogger;
  readonly context: { node: ContextStore; flow: ContextStore; global: ContextStore };
  readonly flow: FlowServices;
  /** Send messages on the node's outputs (see NodeOutput for the port layout). */
  send(output: NodeOutput): void;
  /** Report an error for `msg`; it goes to the flow's catch nodes and the debug panel. */
  error(err: unknown, msg?: FlowMessage): void;
  /** Set (or clear with null) the status badge on the canvas. */
  status(status: NodeStatus | null): void;
  /**
   * Tells the runtime whether the connection this node holds is up. Report every change, from
   * setup on (a connection still being opened is `disconnected`), and `closed` when closing:
   * /healthz is `degraded` while a required connection stays down longer than the grace period
   * (`health.connectionGraceMs`). `reportConnectionStatus` maps a `ConnectionStatus` to it.
   */
  reportConnection(report: ConnectionReport): void;
  /** Publish a value to the editor's debug sidebar. */
  debug(args: { value: unknown; property: string; msg: FlowMessage }): void;
  /**
   * Publish live chart data (a control chart point, an OEE record) to the editor's charts, e.g.
   * `ctx.chart({ kind: 'oee', data: record })`. Rate-limited per node and kind to 10 per second:
   * faster points coalesce to the newest. The runtime also keeps the last points for
   * `GET /api/charts/:nodeId`. `data` must be structured-cloneable.
   */
  chart(payload: ChartPayload): void;
  /** A new message with a fresh id. */
  newMessage(fields?: Partial<FlowMessage>): FlowMessage;
  /** The API object exposed by a config node this node references, or undefined. */
  configNode<T = unknown>(id: string): T | undefined;
  /** Reads an environment variable as allowed by the runtime's settings. */
  env(name: string): string | undefined;
  /**
   * A folder where nodes may keep durable files (e.g. `<dataDir>/outbox/<node id>.journal`),
   * shared by every node of the runtime, so name files after `id`. It may not exist yet.
   * Undefined when the runtime keeps nothing on disk (headless runs without `--data-dir`, tests):
   * such nodes must fall back to memory and say so.
   */
  readonly dataDir?: string;
  /**
   * The folders file nodes may use and the destinations nodes may connect to (settings.json
   * `files` and `outbound`). Undefined where the host sets none: read it through `confinementOf`,
   * which then applies the defaults.
   */
  readonly confinement?: Confinement;
  /**
   * Where a store-and-forward queue (`createStoreAndForward` of `@millwright/outbox`) keeps its
   * journal when the flow runs exactly once in a cluster: the cluster's replicated store, so the
   * runtime that takes the flow over finds the queue. Undefined otherwise (the queue is on disk).
   */
  readonly queueReplica?: QueueReplica;
  /**
   * Answers a request the runtime delivered into the flow with a reply id (http-in puts it in
   * `msg.res.id`; http-response answers). `response` must be structured-cloneable. The first
   * answer per id wins; late or unknown ids are dropped. Undefined where nothing can be answered.
   */
  respond?(replyTo: string, response: unknown): void;
}

/** What `setup()` returns. All handlers are optional. */
export interface NodeHandlers {
  /** Called for each message arriving at the input. Throwing or rejecting routes the error to catch nodes. */
  input?(msg: FlowMessage): void | Promise<void>;
  /**
   * Called with several queued messages at once instead of `input`, to cut per-message overhead
   * (the function node crosses into its sandbox once per batch). Order is preserved.
   */
  inputBatch?(msgs: FlowMessage[]): void | Promise<void>;
  /**
   * Messages the node holds besides its mailbox (awaiting async code, a rate limiter's queue).
   * Counted in the flow's queue for back-pressure and shown as the node's queue depth in /metrics.
   */
  pending?(): number;
  /** Called when the editor's inject button or POST /api/inject/:id triggers the node. */
  trigger?(): void | Promise<void>;
  /** Release timers and connections. `removed` is true when the node is deleted rather than restarted. */
  close?(removed: boolean): void | Promise<void>;
  /** For config nodes: the object other nodes get from `ctx.configNode(id)`. */
  api?: unknown;
}

/**
 * A node's queue journal kept outside the process (a cluster's JetStream stream): records are
 * opaque to the runtime, appended in order, and replaced wholesale by `compact`.
 */
export interface QueueReplica {
  /** Every record stored, oldest first. */
  load(): Promise<unknown[]>;
  /** Appends records; resolves once they are stored (replicated). */
  append(records: readonly unknown[]): Promise<void>;
  /** Replaces everything stored before with `records` (the live state). */
  compact(records: readonly unknown[]): Promise<void>;
}
