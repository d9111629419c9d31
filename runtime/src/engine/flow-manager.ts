import {
  configsById,
  isSharedConfigDocument,
  OperationalError,
  referencedConfigs,
  serializeError,
  UserError,
  type ConfigNode,
  type ContextScopeView,
  type DeployMode,
  type DeployResponse,
  type Flow,
  type FlowMessage,
} from '@millwright/model';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import {
  planFlowDeploy,
  type Confinement,
  type NodeFault,
  type NodeRegistry,
  type NodeStats,
  type QueueLimits,
} from '@millwright/sdk';
import type { EventBus } from '../events/event-bus.js';
import type { FlowHost, FlowHostParent, FlowRunState, FlowStartSpec } from './flow-host.js';
import type { FlowLimits } from './flow-limits.js';
import { GlobalContext } from './global-context.js';
import { HostPool } from './host-pool.js';
import { InProcessFlowHost } from './in-process-host.js';
import { LinkInboxes, LINKS_FOLDER } from './link-inbox.js';
import type { QueueAnswer } from './queue-replica-client.js';
import { WorkerFlowHost } from './worker-host.js';

/** Where each flow runs; see `FlowManagerOptions.isolation`. */
export type FlowIsolation = 'pool' | 'process' | 'worker' | 'in-process';

/** How long the context viewer waits for a flow's host (a flow in a long synchronous loop cannot answer). */
export const CONTEXT_VIEW_TIMEOUT_MS = 5_000;

/** Flows started at once by one deploy; the rest wait for a free turn. */
const START_CONCURRENCY = 8;

export interface FlowManagerOptions {
  registry: NodeRegistry;
  /** Module specifiers (or file URLs) each exporting `nodes`, loaded again inside every worker. */
  nodeModules: string[];
  bus: EventBus;
  /**
   * `pool`: flows share a few host processes (`poolSize`), a flow with `isolation: "dedicated"` gets
   * its own; a V8 fatal error (an isolate's out-of-memory abort) ends one host, whose flows restart.
   * `process`: one child process per flow. `worker` (default here; the runtime defaults to `pool`):
   * one worker thread per flow. `in-process`: for tests and tiny setups.
   */
  isolation?: FlowIsolation;
  /** Most shared host processes of the `pool` isolation (default: one per core). */
  poolSize?: number;
  /** Flows a shared host takes before the pool starts another (default 32). */
  poolFlowsPerHost?: number;
  /** Heap limit of each shared host process in MB (default 2048). */
  poolHeapMb?: number;
  /** Decrypted credentials per node id. */
  credentials?: (nodeId: string) => Record<string, unknown> | undefined;
  /** Heap limit per flow worker in MB (default 512). */
  workerHeapMb?: number;
  /** First crash-restart delay in ms (default 250, doubling up to 30 s). */
  restartBackoffMs?: number;
  /** Folder where nodes keep durable files such as outbox journals (`NodeContext.dataDir`). */
  dataDir?: string;
  /**
   * `NodeContext.confinement` of every node (settings.json `files` and `outbound`), read when a
   * flow's host starts (the runtime's own ports are known only once it listens).
   */
  confinement?: () => Confinement;
  /** Queue limits of every flow (defaults: the SDK's `DEFAULT_QUEUE_LIMITS`). */
  queueLimits?: Partial<QueueLimits>;
  /** Quotas and caps of every flow (defaults: `DEFAULT_FLOW_LIMITS`). */
  limits?: Partial<FlowLimits>;
  /** How long a deploy waits for one flow to start (default 30 s); then it counts as crashed. */
  startTimeoutMs?: number;
}

/** A stored flow that did not pass the checks at start-up, and why (see {@link FlowManager.setInvalid}). */
export interface InvalidFlow {
  flowId: string;
  issues: Array<{ path: string; code: string; message: string }>;
}

export interface FlowState {
  flowId: string;
  /** `invalid`: a stored flow that no longer passes the checks (e.g. a node package removed); it does not run. */
  state: FlowRunState | 'invalid';
  /** Why an `invalid` flow does not run. */
  issues?: InvalidFlow['issues'];
  restarts: number;
  /** Nodes that could not start (the flow runs without them); left out when there are none. */
  faults?: readonly NodeFault[];
  /** Messages queued while the flow is over its high-water mark (sources paused); left out otherwise. */
  backlog?: number;
}

type DeployChanges = DeployResponse['changes'];

/**
 * Runs the deployed flows, each in its own host (a worker thread by default), and applies
 * deploys in the three modes: `full` restarts everything, `flows` restarts only flows whose
 * content changed, `nodes` updates changed flows in place so unchanged nodes keep their state
 * and connections. Deploys are serialised. Flows must already be validated and migrated.
 */
export class FlowManager {
  private readonly hosts = new Map<string, FlowHost>();
  private deployed = new Map<string, { flow: Flow; spec: FlowStartSpec }>();
  private readonly global: GlobalContext;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly parent: FlowHostParent;
  private readonly replies = new Map<
    string,
    { resolve(answer: unknown): void; reject(err: Error): void; timer: NodeJS.Timeout; flowId: string }
  >();
  private nextReply = 1;
  private invalid: InvalidFlow[] = [];
  /**
   * Link messages between flows, journaled per target flow until it has taken them: delivered
   * while the target runs, waiting (bounded, `link_queue_full`) while it starts, restarts or is
   * redeployed, delivered again in order if its host dies, read back after a runtime crash.
   */
  private readonly links: LinkInboxes;
  /** Cluster mode: link targets in flows that run on other runtimes (see setRemoteLinks). */
  private remoteLinks: RemoteLinks | undefined;
  /** Cluster mode: where the store-and-forward queues of flows that run exactly once live (see setQueueReplicas). */
  private queueReplicas: QueueReplicas | undefined;
  private pool: HostPool | undefined;
  /** Set by stop(): deploys and restarts queued behind it do nothing. */
  private stopped = false;
  /** Flows of the running deploy that wait for a turn to start. */
  private waiting = new Set<string>();
  /** Remote node ids for hosts created during a deploy. */
  private pendingRemote: ((flowId: string) => string[]) | undefined;

  constructor(readonly options: FlowManagerOptions) {
    this.global = new GlobalContext(options.limits);
    this.links = new LinkInboxes(
      options.dataDir === undefined ? undefined : join(options.dataDir, LINKS_FOLDER),
      (flowId, nodeId, msg, error) =>
        this.options.bus.emit({
          type: 'error',
          time: Date.now(),
          flowId,
          nodeId,
          msgId: msg.id,
          error: serializeError(error),
          caught: false,
        }),
    );
    this.parent = {
      route: (_from, nodeId, msg, accepted) => this.route(nodeId, msg, accepted),
      linkTaken: (flowId, linkIds) => {
        const remote = linkIds.filter((id) => id.startsWith('js:'));
        if (remote.length) this.remoteLinks?.taken(remote);
        const local = remote.length ? linkIds.filter((id) => !id.startsWith('js:')) : linkIds;
        if (local.length) this.links.taken(flowId, local);
      },
      globalSet: (from, key, value, bytes) => {
        // A removed flow's last writes (its finalize code, while it stops) are not kept for it.
        if (!this.hosts.has(from)) return;
        const refused = this.global.set(from, key, value, bytes);
        if (refused) {
          // The flow's host checks its quota first: this is a host that did not (a bug), not user code.
          this.options.bus.emit({
            type: 'error',
            time: Date.now(),
            flowId: from,
            error: serializeError(refused),
            caught: false,
          });
          return;
        }
        for (const h of this.hosts.values()) if (h.flowId !== from) h.globalChanged(key, value);
      },
      globalSnapshot: (flowId) => this.global.snapshot(flowId),
      crashed: () => undefined, // the host emits the events and restarts itself
      respond: (replyTo, response) => this.settleReply(replyTo, response),
      queueReplica: (flowId, nodeId, call) => {
        const replicas = this.queueReplicas;
        if (!replicas) return Promise.reject(new OperationalError('cluster_unavailable', 'not in a cluster'));
        return call.op === 'load'
          ? replicas.load(flowId, nodeId)
          : replicas[call.op](flowId, nodeId, call.records ?? [], call.expect);
      },
    };
  }

  /** Applies flows; resolves with what changed. Concurrent calls run one after the other. */
  deploy(flows: Flow[], mode: DeployMode): Promise<DeployChanges> {
    const run = this.queue.then(() => {
      if (this.stopped) throw new OperationalError('runtime_stopping', 'the runtime is stopping: nothing deployed');
      return this.apply(flows, mode);
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Triggers a source node; rejects with `code: 'node_not_found'` if no running flow has it. */
  async inject(nodeId: string): Promise<void> {
    const host = this.hostOf(nodeId);
    if (!host) throw new UserError('node_not_found', `no deployed node with id "${nodeId}"`);
    await host.trigger(nodeId);
  }

  /** The global context (held here, in the main process), for the context viewer. */
  globalContextView(): ContextScopeView {
    return this.global.view();
  }

  /**
   * A deployed flow's context, or a node's (`nodeId`, looked up in every flow), asked of the host
   * that runs it: `flow_not_found` / `node_not_found` when there is none, `context_timeout` when
   * the host does not answer within `timeoutMs`.
   */
  async contextView(
    target: { flowId: string } | { nodeId: string },
    timeoutMs = CONTEXT_VIEW_TIMEOUT_MS,
  ): Promise<ContextScopeView> {
    if ('flowId' in target) {
      const host = this.hosts.get(target.flowId);
      if (!host) throw new UserError('flow_not_found', `no deployed flow with id "${target.flowId}"`);
      const view = await host.context(undefined, timeoutMs);
      if (!view) throw new OperationalError('flow_not_running', `flow "${target.flowId}" is not running`);
      return view;
    }
    const host = this.hostOf(target.nodeId);
    const view = host && (await host.context(target.nodeId, timeoutMs));
    if (!view) throw new UserError('node_not_found', `no deployed node with id "${target.nodeId}"`);
    return view;
  }

  /**
   * Deletes a key of the global context (every flow's copy), of a flow's context or of a node's
   * (the context viewer). Errors as `contextView`; deleting a key that is not there is no error.
   */
  async deleteContext(
    target: 'global' | { flowId: string } | { nodeId: string },
    key: string,
    timeoutMs = CONTEXT_VIEW_TIMEOUT_MS,
  ): Promise<void> {
    if (target === 'global') {
      this.global.set('', key, undefined, 0);
      for (const h of this.hosts.values()) h.globalChanged(key, undefined);
      return;
    }
    if ('flowId' in target) {
      const host = this.hosts.get(target.flowId);
      if (!host) throw new UserError('flow_not_found', `no deployed flow with id "${target.flowId}"`);
      if (!(await host.deleteContext(undefined, key, timeoutMs)))
        throw new OperationalError('flow_not_running', `flow "${target.flowId}" is not running`);
      return;
    }
    const host = this.hostOf(target.nodeId);
    if (!host || !(await host.deleteContext(target.nodeId, key, timeoutMs)))
      throw new UserError('node_not_found', `no deployed node with id "${target.nodeId}"`);
  }

  /**
   * Delivers the message `build(replyTo)` to a node and waits until a node answers it with
   * `NodeContext.respond(replyTo, answer)` (http-in -> http-response). Resolves with the answer,
   * or undefined after `timeoutMs` or when the manager stops. Rejects with `node_not_found` when
   * no deployed flow has the node.
   */
  request(nodeId: string, build: (replyTo: string) => FlowMessage, timeoutMs: number): Promise<unknown> {
    const host = this.hostOf(nodeId);
    if (!host) return Promise.reject(new UserError('node_not_found', `no deployed node with id "${nodeId}"`));
    // A flow that is starting or restarting would drop the request: say so now, not after the timeout.
    if (host.state !== 'running')
      return Promise.reject(
        new OperationalError('flow_not_running', `flow "${host.flowId}" is ${host.state}: try again in a moment`),
      );
    const replyTo = `r${this.nextReply++}-${Date.now().toString(36)}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.settleReply(replyTo, undefined), timeoutMs);
      this.replies.set(replyTo, { resolve, reject, timer, flowId: host.flowId });
      host.deliver(nodeId, build(replyTo));
    });
  }

  /** Deployed nodes of `type` (in enabled flows, not disabled) with their stored config. */
  nodesOfType(type: string): Array<{ flowId: string; nodeId: string; config: Record<string, unknown> }> {
    const out: Array<{ flowId: string; nodeId: string; config: Record<string, unknown> }> = [];
    for (const [flowId, { flow }] of this.deployed)
      for (const n of flow.nodes)
        if (n.type === type && !n.disabled) out.push({ flowId, nodeId: n.id, config: n.config });
    return out;
  }

  /**
   * Stored flows the start-up deploy had to leave out. They show in {@link states} as `invalid`
   * (and make /healthz fail) until the next deploy replaces them.
   */
  setInvalid(flows: InvalidFlow[]): void {
    this.invalid = flows;
  }

  /** Messages queued in a flow while it is over its high-water mark (sources paused); undefined otherwise. */
  backlog(flowId: string): number | undefined {
    return this.hosts.get(flowId)?.backlog;
  }

  /** Every deployed flow's state; flows a deploy has not reached yet are `starting`. */
  states(): FlowState[] {
    const running = [...this.hosts.values()].map((h) => ({
      flowId: h.flowId,
      state: h.state,
      restarts: h.restarts,
      ...(h.faults.length ? { faults: h.faults } : {}),
      ...(h.backlog !== undefined ? { backlog: h.backlog } : {}),
    }));
    const waiting = [...this.waiting]
      .filter((id) => !this.hosts.has(id))
      .map((flowId) => ({ flowId, state: 'starting' as const, restarts: 0 }));
    const invalid = this.invalid
      .filter((f) => !this.hosts.has(f.flowId))
      .map((f) => ({ flowId: f.flowId, state: 'invalid' as const, restarts: 0, issues: f.issues }));
    return [...running, ...waiting, ...invalid];
  }

  /** Counters per flow and node. */
  async stats(): Promise<Record<string, Record<string, NodeStats>>> {
    const out: Record<string, Record<string, NodeStats>> = {};
    await Promise.all(
      [...this.hosts.values()].map(async (h) => {
        out[h.flowId] = await h.stats().catch(() => ({}));
      }),
    );
    return out;
  }

  /**
   * One flow's counters, for /healthz (flow-health.ts), which waits for each flow on its own;
   * undefined when the flow has no host. Rejects when the host does not answer in time.
   */
  flowStats(flowId: string): Promise<Record<string, NodeStats>> | undefined {
    return this.hosts.get(flowId)?.stats();
  }

  /** Node type of a deployed node, for labels in metrics. */
  nodeType(nodeId: string): string | undefined {
    for (const { flow } of this.deployed.values()) {
      const n = flow.nodes.find((x) => x.id === nodeId);
      if (n) return n.type;
    }
    return undefined;
  }

  /**
   * Restarts deployed flows from their last deployed definition, each in a new host, so their
   * workers import the node modules again (dev-mode reload of a node package). Flows not listed
   * keep running; ids that are not deployed are skipped. Runs in turn with deploys. Resolves
   * with the ids restarted.
   */
  restartFlows(flowIds: readonly string[]): Promise<string[]> {
    const run = this.queue.then(async () => {
      if (this.stopped) throw new OperationalError('runtime_stopping', 'the runtime is stopping: nothing restarted');
      const restarted: string[] = [];
      for (const id of flowIds) {
        const entry = this.deployed.get(id);
        const host = this.hosts.get(id);
        if (!entry || !host) continue;
        await host.stop(false);
        this.hosts.delete(id);
        await this.startHost(id, entry.spec);
        const others = [...this.deployed.values()].filter((e) => e.flow.id !== id);
        this.hosts.get(id)?.setRemoteNodes(others.flatMap((e) => e.flow.nodes.map((n) => n.id)));
        restarted.push(id);
      }
      return restarted;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.queue;
    for (const id of [...this.replies.keys()]) this.settleReply(id, undefined);
    await Promise.all([...this.hosts.values()].map((h) => h.stop(false)));
    this.hosts.clear();
    this.deployed.clear();
    this.links.close();
    await this.pool?.stop();
    this.pool = undefined;
  }

  /**
   * Cluster mode: `standby` are flows placed exactly once that this runtime may have to take over
   * (`deployment` holds their shared configs). Its hosts load their node modules and warm their
   * types now, so a takeover does not wait for large imports (node-opcua takes about a second).
   */
  warmStandby(standby: readonly Flow[], deployment: readonly Flow[]): void {
    if ((this.options.isolation ?? 'worker') !== 'pool' || !standby.length) return;
    const allConfigs = configsById(deployment);
    const modules = new Set<string>();
    const types = new Set<string>();
    for (const flow of standby) {
      const spec = this.specFor(flow, allConfigs);
      for (const m of this.modulesFor(spec)) modules.add(m);
      for (const n of [...flow.nodes, ...(flow.configs ?? []), ...spec.sharedConfigs]) types.add(n.type);
    }
    this.hostPool().warm([...modules].sort(), [...types].sort());
  }

  /** Starts the shared host processes `flows` flows will need before they are deployed (`pool`). */
  prewarm(flows: number): void {
    if ((this.options.isolation ?? 'worker') === 'pool' && flows > 0) this.hostPool().prewarm(flows);
  }

  /** The shared host processes and their flows (`pool` isolation), for metrics and tests. */
  hostProcesses(): Array<{ pid: number; flows: string[] }> {
    return this.pool?.describe() ?? [];
  }

  // ---- deploy -------------------------------------------------------------------------------

  /**
   * Applies a deploy. Whatever the mode, a flow whose definition (nodes, wires, shared configs,
   * credentials) did not change is not touched. `full` and `flows` restart a changed flow; `nodes`
   * updates it in place so its unchanged nodes keep their state and connections. Flows start, stop
   * and restart concurrently (at most START_CONCURRENCY at once); each reports its own state.
   */
  private async apply(flows: Flow[], mode: DeployMode): Promise<DeployChanges> {
    const next = new Map<string, { flow: Flow; spec: FlowStartSpec }>();
    const allConfigs = configsById(flows);
    // Shared config documents do not run: their config nodes run in the hosts of the flows using them.
    for (const f of flows)
      if (!f.disabled && !isSharedConfigDocument(f)) next.set(f.id, { flow: f, spec: this.specFor(f, allConfigs) });

    // One planning function decides for the engine and here: packages/sdk/src/engine/deploy-plan.ts.
    const plan = planFlowDeploy(
      [...this.deployed.values()].map((e) => e.spec),
      [...next.values()].map((e) => e.spec),
      mode,
    );
    const changes: DeployChanges = {
      started: plan.start,
      restarted: plan.restart,
      updated: plan.update,
      stopped: plan.stop,
    };
    const jobs: Array<() => Promise<void>> = [];
    for (const id of plan.stop) {
      const host = this.hosts.get(id);
      this.hosts.delete(id);
      // Its link-in nodes are gone: senders see link_target_missing from now on, and what still
      // waited for it goes with it.
      const dropped = this.links.drop(id);
      if (dropped)
        this.options.bus.emit({
          type: 'log',
          time: Date.now(),
          level: 'warn',
          flowId: id,
          message: `flow removed: ${dropped} link message(s) that waited for it are dropped`,
        });
      if (host) jobs.push(() => host.stop(true));
      // What the removed flow kept in global context goes with it: nothing is held for a flow that is gone.
      for (const key of this.global.release(id))
        for (const h of this.hosts.values()) if (h.flowId !== id) h.globalChanged(key, undefined);
    }
    for (const id of plan.start) jobs.push(() => this.startHost(id, next.get(id)!.spec));
    // Link messages for a flow being restarted or updated wait from now on, and go in once it runs;
    // a restarted flow gets again what its old host had not taken.
    for (const id of plan.restart) this.links.pause(id, true);
    for (const id of plan.update) this.links.pause(id, false);
    for (const id of plan.restart)
      jobs.push(async () => {
        await this.hosts.get(id)?.stop(false);
        await this.startHost(id, next.get(id)!.spec);
      });
    for (const id of plan.update) {
      const host = this.hosts.get(id);
      const spec = next.get(id)!.spec;
      jobs.push(async () => {
        await (host ? host.update(spec) : this.startHost(id, spec));
        this.openLinks(id);
      });
    }
    this.deployed = next;
    // A deploy replaces what was stored: flows refused at start-up are then deployed or gone.
    this.invalid = [];
    const owners = [...next.values()].map((e) => ({ id: e.flow.id, nodes: e.flow.nodes.map((n) => n.id) }));
    const here = new Set(owners.flatMap((o) => o.nodes));
    const elsewhere = this.remoteLinks?.nodeIds().filter((id) => !here.has(id)) ?? [];
    const remoteOf = (flowId: string) => [
      ...owners.filter((o) => o.id !== flowId).flatMap((o) => o.nodes),
      ...elsewhere,
    ];
    // Remote node ids go out before the starts, so a starting flow can already link to the others.
    for (const h of this.hosts.values()) h.setRemoteNodes(remoteOf(h.flowId));
    this.pendingRemote = remoteOf;
    this.waiting = new Set(changes.started);
    // Flows that wait for a turn show as starting at once (editor tabs, logs), not when their turn comes.
    for (const flowId of changes.started)
      this.options.bus.emit({ type: 'flow-state', time: Date.now(), flowId, state: 'starting', restarts: 0 });
    try {
      await runBounded(jobs, START_CONCURRENCY);
    } finally {
      this.pendingRemote = undefined;
      this.waiting.clear();
    }
    for (const h of this.hosts.values()) h.setRemoteNodes(remoteOf(h.flowId));
    return changes;
  }

  private async startHost(flowId: string, spec: FlowStartSpec): Promise<void> {
    const emit = (e: Parameters<EventBus['emit']>[0]) => {
      this.options.bus.emit(e);
      // Back after a crash restart: what other flows sent meanwhile, and what the dead host had not
      // taken, goes in now. Any other state: the host takes nothing until it runs again.
      if (e.type === 'flow-state') {
        if (e.state === 'running') queueMicrotask(() => this.openLinks(flowId));
        else {
          this.links.pause(flowId, true);
          this.failReplies(flowId);
        }
      }
    };
    const isolation = this.options.isolation ?? 'worker';
    const host: FlowHost =
      isolation === 'in-process'
        ? new InProcessFlowHost(flowId, this.options.registry, this.parent, emit, this.hostOptions())
        : new WorkerFlowHost(
            flowId,
            {
              nodeModules: this.options.nodeModules,
              modulesFor: (s) => this.modulesFor(s),
              transport: isolation,
              ...(isolation === 'pool' ? { pool: this.hostPool() } : {}),
              heapMb: this.options.workerHeapMb ?? 512,
              ...(this.options.restartBackoffMs !== undefined ? { backoffMs: this.options.restartBackoffMs } : {}),
              ...(this.options.startTimeoutMs !== undefined ? { startTimeoutMs: this.options.startTimeoutMs } : {}),
              ...this.hostOptions(),
            },
            this.parent,
            emit,
          );
    this.hosts.set(flowId, host);
    const remote = this.pendingRemote?.(flowId);
    if (remote) host.setRemoteNodes(remote);
    await host.start(spec);
    this.openLinks(flowId);
  }

  private hostPool(): HostPool {
    this.pool ??= new HostPool({
      size: this.options.poolSize ?? availableParallelism(),
      flowsPerHost: this.options.poolFlowsPerHost ?? 32,
      heapMb: this.options.poolHeapMb ?? 2048,
      nodeModules: this.options.nodeModules,
    });
    return this.pool;
  }

  /**
   * The node modules a flow's node and config types come from, so its host imports only those.
   * A type from a custom package (registered under its package name) falls back to every module.
   */
  private modulesFor(spec: FlowStartSpec): string[] {
    const types = new Set([
      ...spec.flow.nodes.map((n) => n.type),
      ...(spec.flow.configs ?? []).map((c) => c.type),
      ...spec.sharedConfigs.map((c) => c.type),
    ]);
    const sources = new Set<string>();
    for (const t of types) {
      const source = this.options.registry.sourceOf(t);
      if (source === undefined || !this.options.nodeModules.includes(source)) return this.options.nodeModules;
      sources.add(source);
    }
    return this.options.nodeModules.filter((m) => sources.has(m));
  }

  /** What every flow host gets from the runtime: the data dir, the queue limits, quotas and caps. */
  private hostOptions(): {
    dataDir?: string;
    confinement?: Confinement;
    queueLimits?: Partial<QueueLimits>;
    limits?: Partial<FlowLimits>;
  } {
    return {
      ...(this.options.dataDir !== undefined ? { dataDir: this.options.dataDir } : {}),
      ...(this.options.confinement ? { confinement: this.options.confinement() } : {}),
      ...(this.options.queueLimits ? { queueLimits: this.options.queueLimits } : {}),
      ...(this.options.limits ? { limits: this.options.limits } : {}),
    };
  }

  /** Global context held per flow (keys it set last, bytes), for /metrics. */
  globalUsage(): Map<string, { entries: number; bytes: number }> {
    return this.global.usage();
  }

  /**
   * The flow plus the config nodes of shared documents (and other flows) it references,
   * transitively, and its credentials: each flow's host runs its own instance of them.
   */
  private specFor(flow: Flow, allConfigs: ReadonlyMap<string, ConfigNode>): FlowStartSpec {
    const shared = referencedConfigs({ flow, configs: allConfigs, catalog: this.options.registry });
    const credentials: Record<string, Record<string, unknown>> = {};
    const lookup = this.options.credentials;
    if (lookup) {
      for (const n of [...flow.nodes, ...(flow.configs ?? []), ...shared]) {
        const c = lookup(n.id);
        if (c) credentials[n.id] = c;
      }
    }
    const replicated = this.queueReplicas?.covers(flow) ?? false;
    return { flow, sharedConfigs: shared, credentials, ...(replicated ? { replicateQueues: true } : {}) };
  }

  /** Requests (http-in) waiting on a flow that stops or crashes get `flow_not_running` at once, not a timeout. */
  private failReplies(flowId: string): void {
    for (const [replyTo, pending] of [...this.replies]) {
      if (pending.flowId !== flowId) continue;
      clearTimeout(pending.timer);
      this.replies.delete(replyTo);
      pending.reject(
        new OperationalError('flow_not_running', `flow "${flowId}" stopped before it answered: try again in a moment`),
      );
    }
  }

  private settleReply(replyTo: string, answer: unknown): void {
    const pending = this.replies.get(replyTo);
    if (!pending) return; // answered already, or timed out
    this.replies.delete(replyTo);
    clearTimeout(pending.timer);
    pending.resolve(answer);
  }

  private hostOf(nodeId: string): FlowHost | undefined {
    const flowId = this.flowOf(nodeId);
    return flowId === undefined ? undefined : this.hosts.get(flowId);
  }

  private flowOf(nodeId: string): string | undefined {
    for (const [id, { flow }] of this.deployed) if (flow.nodes.some((n) => n.id === nodeId)) return id;
    return undefined;
  }

  /**
   * Cluster mode: link targets in flows placed on other runtimes go through the cluster. Link
   * nodes of every flow here see those targets from the next deploy on.
   */
  setRemoteLinks(remote: RemoteLinks | undefined): void {
    this.remoteLinks = remote;
  }

  /**
   * Cluster mode: the store-and-forward queues of the flows `covers` accepts (those placed exactly
   * once) live in the cluster from their next start on, so a runtime taking a flow over continues them.
   */
  setQueueReplicas(replicas: QueueReplicas | undefined): void {
    this.queueReplicas = replicas;
  }

  /** Delivers a link message that came through the cluster; false when the flow is not running here now. */
  deliverFromCluster(flowId: string, nodeId: string, msg: FlowMessage, linkId: string): boolean {
    const host = this.hosts.get(flowId);
    if (host?.state !== 'running') return false;
    host.deliver(nodeId, msg, linkId);
    return true;
  }

  /** A link message into another flow: journaled for it, delivered while it runs (see LinkInboxes). */
  private route(nodeId: string, msg: FlowMessage, accepted?: () => void): boolean {
    const flowId = this.flowOf(nodeId);
    if (flowId === undefined) return this.routeRemote(nodeId, msg, accepted);
    this.links.accept(flowId, nodeId, msg, accepted);
    return true;
  }

  /** A link target on another runtime: the cluster stores the message, then the sender's receipt goes. */
  private routeRemote(nodeId: string, msg: FlowMessage, accepted?: () => void): boolean {
    const remote = this.remoteLinks;
    const flowId = remote?.ownerOf(nodeId);
    if (!remote || flowId === undefined) return false;
    remote.publish(flowId, nodeId, msg).then(
      () => accepted?.(),
      (err: unknown) => {
        this.options.bus.emit({
          type: 'error',
          time: Date.now(),
          flowId,
          nodeId,
          msgId: msg.id,
          error: serializeError(
            new OperationalError(
              'link_send_failed',
              `link message to flow "${flowId}" on another runtime not stored by the cluster: ${(err as Error).message}`,
              err,
            ),
          ),
          caught: false,
        });
        accepted?.();
      },
    );
    return true;
  }

  /** The flow runs: its link inbox delivers what it has not been given yet, in order. */
  private openLinks(flowId: string): void {
    const host = this.hosts.get(flowId);
    if (host?.state !== 'running') return;
    this.links.open(flowId, (nodeId, msg, linkId) => host.deliver(nodeId, msg, linkId));
  }
}

/** Link targets on other runtimes of a cluster (runtime/src/cluster/cluster-links.ts). */
export interface RemoteLinks {
  /** The flow of a node deployed in the cluster but not here; undefined otherwise. */
  ownerOf(nodeId: string): string | undefined;
  /** Node ids of the cluster's flows (the ones here are left out by the manager). */
  nodeIds(): string[];
  publish(flowId: string, nodeId: string, msg: FlowMessage): Promise<void>;
  taken(linkIds: readonly string[]): void;
}

/** Store-and-forward queues kept in a cluster (runtime/src/cluster/cluster-queues.ts). */
export interface QueueReplicas {
  /** Whether the queues of this flow live in the cluster (it runs exactly once). */
  covers(flow: Flow): boolean;
  /** The queue's records and its last sequence. */
  load(flowId: string, nodeId: string): Promise<QueueAnswer>;
  /** Writes on top of sequence `expect` (else `queue_conflict`); the last sequence after. */
  append(flowId: string, nodeId: string, records: readonly unknown[], expect?: number): Promise<QueueAnswer>;
  compact(flowId: string, nodeId: string, records: readonly unknown[], expect?: number): Promise<QueueAnswer>;
}

/** Runs the jobs with at most `limit` in flight; rejects with the first failure after all settle. */
async function runBounded(jobs: ReadonlyArray<() => Promise<void>>, limit: number): Promise<void> {
  let next = 0;
  const errors: unknown[] = [];
  const lane = async (): Promise<void> => {
    while (next < jobs.length) {
      const job = jobs[next++]!;
      await job().catch((err: unknown) => void errors.push(err));
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, lane));
  if (errors.length) throw errors[0];
}
