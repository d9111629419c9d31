import type { Confinement, QueueLimits } from '@millwright/sdk';
import type { FlowMessage, RuntimeEvent, SerializedError } from '@millwright/model';
import type { FlowStartSpec } from './flow-host.js';
import type { QueueAnswer, QueueCall } from './queue-replica-client.js';
import type { FlowLimits } from './flow-limits.js';

/**
 * Data a flow worker is started with: `workerData` of a worker thread, the first IPC message
 * (`{ init }`) of a child process.
 */
export interface FlowWorkerData {
  /** URL of worker-entry (.js compiled, .ts from sources); a worker thread's boot file imports it. */
  entry: string;
  /** Register the tsx loader first (running from sources, or a TypeScript node module in `--dev`). */
  tsLoader: boolean;
  flowId: string;
  nodeModules: string[];
  globalSnapshot: Record<string, unknown>;
  /** Keys of the snapshot this flow set last, with their cost against its quota. */
  globalOwned?: Record<string, number>;
  /** Quotas and caps of the flow (defaults: `DEFAULT_FLOW_LIMITS`). */
  limits?: Partial<FlowLimits>;
  /** `NodeContext.dataDir` of the flow's nodes. */
  dataDir?: string;
  /** `NodeContext.confinement` of the flow's nodes (plain data). */
  confinement?: Confinement;
  /** Queue limits of the flow's engine (defaults: the SDK's `DEFAULT_QUEUE_LIMITS`). */
  queueLimits?: Partial<QueueLimits>;
}

/** Main thread -> worker requests that expect an answer. */
export type WorkerRequest =
  | { op: 'start'; spec: FlowStartSpec }
  | { op: 'update'; spec: FlowStartSpec }
  | { op: 'trigger'; nodeId: string }
  | { op: 'stats' }
  /** The flow's context, or a node's (`nodeId`), for the context viewer; null: no such node. */
  | { op: 'context'; nodeId?: string }
  /** Deletes a key of that context; false: no such node. */
  | { op: 'context-delete'; nodeId?: string; key: string }
  | { op: 'stop'; removed: boolean };

/** Main thread -> worker notifications (no answer). */
export type WorkerNotice =
  /** A link message from another flow; with `link`, the worker reports when the flow took it. */
  | { notice: 'deliver'; nodeId: string; msg: FlowMessage; link?: string }
  /** The runtime journaled the link messages the worker sent with these `accept` numbers. */
  | { notice: 'route-accepted'; accepts: number[] }
  | { notice: 'global'; key: string; value: unknown }
  | { notice: 'remote-nodes'; ids: string[] }
  /** The answer to a `queue` request of the worker (`records` for a load). */
  | { notice: 'queue-done'; qid: number; ok: true; answer: QueueAnswer }
  | { notice: 'queue-done'; qid: number; ok: false; error: string; conflict: boolean };

export type ToWorker = ({ rid: number } & WorkerRequest) | WorkerNotice;

/** Worker -> main thread. */
export type FromWorker =
  | { kind: 'ready' }
  | { kind: 'reply'; rid: number; ok: true; result: unknown }
  | { kind: 'reply'; rid: number; ok: false; error: SerializedError }
  | { kind: 'events'; events: RuntimeEvent[] }
  /** A link message to another flow; with `accept`, the worker waits for `route-accepted`. */
  | { kind: 'route'; nodeId: string; msg: FlowMessage; accept?: number }
  /** The flow took the link messages delivered with these ids. */
  | { kind: 'link-taken'; links: string[] }
  /** A store-and-forward queue's journal in the cluster: read it, or write to it (`queue-done` answers). */
  | { kind: 'queue'; qid: number; nodeId: string; call: QueueCall }
  | { kind: 'respond'; replyTo: string; response: unknown }
  /** A global context change; `bytes` is what the key now costs this flow (0: deleted). */
  | { kind: 'global'; key: string; value: unknown; bytes: number }
  /** The flow's queue went over its high-water mark (`high`: sources paused) or back to half of it. */
  | { kind: 'pressure'; high: boolean; queued: number };
