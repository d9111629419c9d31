import type { ContextScopeView, FlowMessage, RuntimeEvent } from '@millwright/model';
import {
  attachReceipt,
  FlowEngine,
  newReceipt,
  releaseReceipt,
  type Confinement,
  type EngineUpdateResult,
  type NodeFault,
  type NodeRegistry,
  type NodeStats,
  type QueueLimits,
  type QueueReplica,
} from '@millwright/sdk';
import type { FlowHost, FlowHostParent, FlowRunState, FlowStartSpec } from './flow-host.js';
import { DEFAULT_FLOW_LIMITS, type FlowLimits } from './flow-limits.js';
import { NodeEventLimiter } from './node-event-limiter.js';
import { queueReplicaClient } from './queue-replica-client.js';
import { ReplicatedContextStore } from './replicated-context.js';

/** Runs a flow's engine in the runtime's own thread. No crash isolation: for tests and tiny setups. */
export class InProcessFlowHost implements FlowHost {
  state: FlowRunState = 'starting';
  readonly restarts = 0;
  faults: readonly NodeFault[] = [];
  backlog: number | undefined;
  private engine: FlowEngine | null = null;
  private credentials: Record<string, Record<string, unknown>> = {};
  private remote = new Set<string>();
  private readonly global: ReplicatedContextStore;
  private readonly limiter: NodeEventLimiter;

  constructor(
    readonly flowId: string,
    private readonly registry: NodeRegistry,
    private readonly parent: FlowHostParent,
    emit: (e: RuntimeEvent) => void,
    private readonly options: {
      dataDir?: string;
      confinement?: Confinement;
      queueLimits?: Partial<QueueLimits>;
      limits?: Partial<FlowLimits>;
    } = {},
  ) {
    const limits = { ...DEFAULT_FLOW_LIMITS, ...options.limits };
    this.global = new ReplicatedContextStore((k, v, bytes) => parent.globalSet(flowId, k, v, bytes), limits);
    this.limiter = new NodeEventLimiter(flowId, emit, limits);
  }

  async start(spec: FlowStartSpec): Promise<EngineUpdateResult> {
    this.credentials = spec.credentials;
    const snapshot = this.parent.globalSnapshot(this.flowId);
    this.global.load(snapshot.values, snapshot.owned);
    this.engine = new FlowEngine({
      flowId: this.flowId,
      registry: this.registry,
      emit: (e) => this.limiter.send(e),
      globalContext: this.global,
      credentials: (id) => this.credentials[id],
      env: (name) => process.env[name],
      ...(this.options.dataDir !== undefined ? { dataDir: this.options.dataDir } : {}),
      ...(this.options.confinement ? { confinement: this.options.confinement } : {}),
      ...(this.options.queueLimits ? { queueLimits: this.options.queueLimits } : {}),
      pressure: (high, queued) => (this.backlog = high ? queued : undefined),
      respond: (replyTo, response) => this.parent.respond?.(replyTo, structuredClone(response)),
      queueReplica: (nodeId) => this.queueReplica(spec, nodeId),
      remoteDeliver: (nodeId, msg, accepted) =>
        this.remote.has(nodeId) && this.parent.route(this.flowId, nodeId, structuredClone(msg), accepted),
    });
    const result = await this.engine.start(spec.flow, spec.sharedConfigs);
    this.state = 'running';
    this.faults = result.faults;
    return result;
  }

  /** The cluster's copy of a node's store-and-forward queue, for a flow that runs exactly once there. */
  private queueReplica(spec: FlowStartSpec, nodeId: string): QueueReplica | undefined {
    const parent = this.parent;
    if (!spec.replicateQueues || !parent.queueReplica) return undefined;
    return queueReplicaClient((call) => parent.queueReplica!(this.flowId, nodeId, structuredClone(call)));
  }

  async update(spec: FlowStartSpec): Promise<EngineUpdateResult> {
    if (!this.engine) return this.start(spec);
    this.credentials = spec.credentials;
    const result = await this.engine.update(spec.flow, spec.sharedConfigs);
    this.faults = result.faults;
    return result;
  }

  async trigger(nodeId: string): Promise<void> {
    await this.engine?.trigger(nodeId);
  }

  deliver(nodeId: string, msg: FlowMessage, linkId?: string): void {
    const copy = structuredClone(msg);
    if (linkId === undefined) {
      this.engine?.deliver(nodeId, copy);
      return;
    }
    const receipt = newReceipt(() => this.parent.linkTaken?.(this.flowId, [linkId]));
    this.engine?.deliver(nodeId, attachReceipt(copy, receipt));
    releaseReceipt(receipt);
  }

  globalChanged(key: string, value: unknown): void {
    this.global.apply(key, value);
  }

  setRemoteNodes(ids: readonly string[]): void {
    this.remote = new Set(ids);
  }

  async stats(): Promise<Record<string, NodeStats>> {
    return this.engine?.stats() ?? {};
  }

  async context(nodeId: string | undefined): Promise<ContextScopeView | undefined> {
    // Copied, as a worker's answer is: the viewer must not hold the flow's live objects.
    return structuredClone(this.engine?.contextView(nodeId));
  }

  async deleteContext(nodeId: string | undefined, key: string): Promise<boolean> {
    return this.engine?.deleteContext(nodeId, key) ?? false;
  }

  async stop(removed: boolean): Promise<void> {
    const engine = this.engine;
    this.engine = null;
    this.state = 'stopped';
    await engine?.stop(removed);
    this.limiter.close();
  }
}
