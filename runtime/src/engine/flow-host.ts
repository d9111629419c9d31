import type { ConfigNode, ContextScopeView, Flow, FlowMessage } from '@millwright/model';
import type { EngineUpdateResult, NodeFault, NodeStats } from '@millwright/sdk';
import type { QueueAnswer, QueueCall } from './queue-replica-client.js';

export type FlowRunState = 'starting' | 'running' | 'crashed' | 'restarting' | 'stopped';

/** What a flow needs at (re)start besides its own definition. */
export interface FlowStartSpec {
  flow: Flow;
  /** Config nodes from other flows that this flow's nodes reference. */
  sharedConfigs: ConfigNode[];
  /** Decrypted credentials of this flow's nodes. */
  credentials: Record<string, Record<string, unknown>>;
  /** Its store-and-forward queues live in the cluster (`FlowHostParent.queueReplica`): it runs exactly once. */
  replicateQueues?: boolean;
}

/**
 * Where a flow runs. One interface, two homes: `InProcessFlowHost` (tests, tiny setups) and
 * `WorkerFlowHost` (production: one worker thread, or child process, per flow). The FlowManager only sees this.
 */
export interface FlowHost {
  readonly flowId: string;
  readonly state: FlowRunState;
  /** Crash restarts since the last deploy of this flow. */
  readonly restarts: number;
  /** Nodes that could not start at the last start or update (the flow runs without them). */
  readonly faults: readonly NodeFault[];
  /** Messages queued while the flow is over its high-water mark (sources paused); else undefined. */
  readonly backlog: number | undefined;
  start(spec: FlowStartSpec): Promise<EngineUpdateResult>;
  /** Modified-nodes deploy: changes nodes in place, keeping unchanged ones running. */
  update(spec: FlowStartSpec): Promise<EngineUpdateResult>;
  trigger(nodeId: string): Promise<void>;
  /**
   * Delivers a message from another flow (link nodes). With `linkId`, the host reports through
   * `FlowHostParent.linkTaken` once the flow has taken it (see the SDK's take receipts).
   */
  deliver(nodeId: string, msg: FlowMessage, linkId?: string): void;
  /** A global context value changed in another flow. */
  globalChanged(key: string, value: unknown): void;
  /** Ids of nodes deployed in other flows, for cross-flow links. */
  setRemoteNodes(ids: readonly string[]): void;
  stats(): Promise<Record<string, NodeStats>>;
  /**
   * The flow's context, or node `nodeId`'s (undefined: not in this flow), bounded for the context
   * viewer. A host that does not answer within `timeoutMs` fails with `context_timeout`.
   */
  context(nodeId: string | undefined, timeoutMs: number): Promise<ContextScopeView | undefined>;
  /** Deletes a key of that context; false when the node is not in this flow. Same timeout. */
  deleteContext(nodeId: string | undefined, key: string, timeoutMs: number): Promise<boolean>;
  stop(removed: boolean): Promise<void>;
}

/** Callbacks a host uses to reach the manager. */
export interface FlowHostParent {
  /**
   * Routes a link message to the flow that owns `nodeId`; false when no flow does. `accepted` runs
   * once the message is journaled for its target (or refused with an error event).
   */
  route(fromFlowId: string, nodeId: string, msg: FlowMessage, accepted?: () => void): boolean;
  /** The flow took link messages delivered to it with these ids. */
  linkTaken?(flowId: string, linkIds: string[]): void;
  /**
   * Publishes a global context change to the other flows; `bytes` is what the key now costs
   * `fromFlowId` (0 when deleted). The manager refuses a change over the flow's quota.
   */
  globalSet(fromFlowId: string, key: string, value: unknown, bytes: number): void;
  /** Current global context for a (re)starting flow, and the keys it set last with their cost. */
  globalSnapshot(flowId: string): { values: Record<string, unknown>; owned: Record<string, number> };
  /** The host died unexpectedly (worker crash, out of memory). */
  crashed(flowId: string, reason: string): void;
  /** Reads or writes the cluster's copy of a node's store-and-forward queue (see `FlowStartSpec.replicateQueues`). */
  queueReplica?(flowId: string, nodeId: string, call: QueueCall): Promise<QueueAnswer>;
  /** A node answered a request delivered with `FlowManager.request` (NodeContext.respond). */
  respond?(replyTo: string, response: unknown): void;
}
