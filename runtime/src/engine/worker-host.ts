import {
  OperationalError,
  reviveError,
  serializeError,
  UserError,
  type ContextScopeView,
  type FlowMessage,
  type RuntimeEvent,
} from '@millwright/model';
import type { Confinement, EngineUpdateResult, NodeFault, NodeStats, QueueLimits } from '@millwright/sdk';
import type { FlowHost, FlowHostParent, FlowRunState, FlowStartSpec } from './flow-host.js';
import type { FlowLimits } from './flow-limits.js';
import { DEFAULT_START_TIMEOUT_MS } from './flow-limits.js';
import type { HostPool } from './host-pool.js';
import { moduleUrl, needsTsLoader } from './module-mode.js';
import { openTransport, type FlowTransport, type FlowTransportKind } from './flow-transport.js';
import { QUEUE_CONFLICT } from './queue-replica-client.js';
import type { FlowWorkerData, FromWorker, ToWorker, WorkerRequest } from './worker-protocol.js';

const ENTRY_URL = moduleUrl('./worker-entry', import.meta.url).href;

export interface WorkerHostOptions {
  /** Every node module a flow may use. */
  nodeModules: string[];
  /** The node modules a flow's nodes need (default: all): a host imports only those. */
  modulesFor?: (spec: FlowStartSpec) => string[];
  /** The shared host processes, for `transport: 'pool'`. */
  pool?: HostPool;
  /** Shared-host crashes after which a pooled flow moves to a process of its own (default 2). */
  quarantineAfter?: number;
  /**
   * `worker` (default): a worker thread. `process`: a child process, so a V8 fatal error (an
   * isolate's out-of-memory abort) kills only this flow, at the cost of one process per flow.
   */
  transport?: FlowTransportKind;
  /** V8 old-generation heap limit of the worker, MB. */
  heapMb: number;
  /** First restart delay; doubles per crash up to `maxBackoffMs`. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** A worker that ran this long before crashing restarts with the first delay again. */
  stableAfterMs?: number;
  requestTimeoutMs?: number;
  /** Folder for nodes' durable files (`NodeContext.dataDir`). */
  dataDir?: string;
  /** `NodeContext.confinement` of the flow's nodes. */
  confinement?: Confinement;
  queueLimits?: Partial<QueueLimits>;
  /** Quotas and caps applied in the flow's host. */
  limits?: Partial<FlowLimits>;
  /** A start that takes longer is a crash (`flow_start_timeout`), restarted with backoff. */
  startTimeoutMs?: number;
}

interface Pending {
  resolve(v: unknown): void;
  reject(e: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * Runs one flow in its own worker thread (or child process) with a heap limit. If the worker dies (uncaught error,
 * out of memory, process.exit in a node), the crash is reported and the flow restarts from its
 * last deployed definition with exponential backoff, so a crash loop never becomes a hot loop.
 */
export class WorkerFlowHost implements FlowHost {
  state: FlowRunState = 'starting';
  faults: readonly NodeFault[] = [];
  backlog: number | undefined;
  restarts = 0;
  private worker: FlowTransport | null = null;
  private spec: FlowStartSpec | null = null;
  private pending = new Map<number, Pending>();
  private nextRid = 1;
  private stopping = false;
  private restartTimer: NodeJS.Timeout | null = null;
  private startedAt = 0;
  private remote: string[] = [];
  /** Link messages of this flow the runtime journaled, told to the worker in one notice per turn. */
  private accepted: number[] = [];
  private loadedModules: string[] = [];
  /** Crashes of shared host processes this flow was in, since it last ran stably. */
  private sharedCrashes = 0;
  /** Moved to a process of its own after repeated shared-host crashes. */
  private quarantined = false;

  constructor(
    readonly flowId: string,
    private readonly options: WorkerHostOptions,
    private readonly parent: FlowHostParent,
    private readonly emit: (e: RuntimeEvent) => void,
  ) {}

  async start(spec: FlowStartSpec): Promise<EngineUpdateResult> {
    this.spec = spec;
    return this.boot();
  }

  async update(spec: FlowStartSpec): Promise<EngineUpdateResult> {
    this.spec = spec;
    // A node type from a module this flow's host has not imported needs a fresh start.
    const needs = this.modulesFor(spec).some((m) => !this.loadedModules.includes(m));
    if (!this.worker || this.state !== 'running' || needs) return this.boot();
    const result = (await this.request({ op: 'update', spec })) as EngineUpdateResult;
    this.faults = result.faults;
    return result;
  }

  async trigger(nodeId: string): Promise<void> {
    if (!this.worker || this.state !== 'running')
      throw new OperationalError('flow_not_running', `flow "${this.flowId}" is ${this.state}`);
    await this.request({ op: 'trigger', nodeId });
  }

  deliver(nodeId: string, msg: FlowMessage, linkId?: string): void {
    this.post(
      linkId === undefined ? { notice: 'deliver', nodeId, msg } : { notice: 'deliver', nodeId, msg, link: linkId },
    );
  }

  globalChanged(key: string, value: unknown): void {
    this.post({ notice: 'global', key, value });
  }

  setRemoteNodes(ids: readonly string[]): void {
    this.remote = [...ids];
    this.post({ notice: 'remote-nodes', ids: this.remote });
  }

  async stats(): Promise<Record<string, NodeStats>> {
    if (!this.worker || this.state !== 'running') return {};
    return (await this.request({ op: 'stats' })) as Record<string, NodeStats>;
  }

  async context(nodeId: string | undefined, timeoutMs: number): Promise<ContextScopeView | undefined> {
    const view = (await this.contextRequest(
      nodeId === undefined ? { op: 'context' } : { op: 'context', nodeId },
      timeoutMs,
    )) as ContextScopeView | null;
    return view ?? undefined;
  }

  async deleteContext(nodeId: string | undefined, key: string, timeoutMs: number): Promise<boolean> {
    const req: WorkerRequest =
      nodeId === undefined ? { op: 'context-delete', key } : { op: 'context-delete', nodeId, key };
    return (await this.contextRequest(req, timeoutMs)) === true;
  }

  /** A context viewer's request: a flow that does not answer in time is left alone (`context_timeout`). */
  private async contextRequest(req: WorkerRequest, timeoutMs: number): Promise<unknown> {
    if (!this.worker || this.state !== 'running')
      throw new OperationalError('flow_not_running', `flow "${this.flowId}" is ${this.state}`);
    try {
      return await this.request(req, timeoutMs);
    } catch (err) {
      if ((err as { code?: unknown }).code !== 'flow_timeout') throw err;
      // A flow busy in a long synchronous loop cannot answer: say so, the flow itself is left alone.
      throw new OperationalError(
        'context_timeout',
        `flow "${this.flowId}" did not answer "${req.op}" within ${timeoutMs} ms (busy?)`,
      );
    }
  }

  async stop(removed: boolean): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    const worker = this.worker;
    if (worker) {
      try {
        await this.request({ op: 'stop', removed }, 10_000);
      } catch {
        // a wedged worker is terminated below anyway
      }
      await worker.terminate();
    }
    this.worker = null;
    this.failPending(`flow "${this.flowId}" stopped`);
    this.setState('stopped');
  }

  /** Rejects the requests still waiting on a worker that is gone, and drops their timers. */
  private failPending(reason: string): void {
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new OperationalError('flow_not_running', reason));
    }
    this.pending.clear();
  }

  // ---- worker lifecycle -------------------------------------------------------------------

  private async boot(): Promise<EngineUpdateResult> {
    // A deploy into a crashed flow boots it now: the pending crash restart must not boot it again.
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    if (this.worker) {
      const old = this.worker;
      // Stopped first, as `stop` does: its nodes close while the channel is open (a queue kept in the
      // cluster writes its last records), then the worker goes.
      if (this.state === 'running') await this.request({ op: 'stop', removed: false }, 10_000).catch(() => undefined);
      this.worker = null;
      this.failPending(`flow "${this.flowId}" restarted`);
      await old.terminate();
    }
    const spec = this.spec;
    if (!spec) throw new Error('no flow to start');
    this.stopping = false;
    this.backlog = undefined; // a new engine starts with empty queues
    this.setState(this.restarts > 0 ? 'restarting' : 'starting');
    const nodeModules = this.modulesFor(spec);
    this.loadedModules = nodeModules;
    const data: FlowWorkerData = {
      entry: ENTRY_URL,
      tsLoader: needsTsLoader(nodeModules),
      flowId: this.flowId,
      nodeModules,
      ...this.globalStart(),
      ...(this.options.limits ? { limits: this.options.limits } : {}),
      ...(this.options.dataDir !== undefined ? { dataDir: this.options.dataDir } : {}),
      ...(this.options.confinement ? { confinement: this.options.confinement } : {}),
      ...(this.options.queueLimits ? { queueLimits: this.options.queueLimits } : {}),
    };
    const worker = openTransport(this.transportKind(spec), { data, heapMb: this.options.heapMb }, this.options.pool);
    this.worker = worker;
    worker.onMessage((m) => this.onMessage(m));
    worker.onExit((reason) => this.onCrash(worker, reason));
    this.startedAt = Date.now();
    if (this.remote.length) this.post({ notice: 'remote-nodes', ids: this.remote });
    const startTimeoutMs = this.options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
    let result: EngineUpdateResult;
    try {
      result = (await this.request({ op: 'start', spec }, startTimeoutMs)) as EngineUpdateResult;
    } catch (err) {
      if (this.worker !== worker || (err as { code?: unknown }).code !== 'flow_timeout') throw err;
      // A flow that does not start must not hold up the deploy (and every deploy queued behind it):
      // it goes like a crash, and its restarts back off.
      this.onCrash(worker, `did not start within ${startTimeoutMs} ms`, 'flow_start_timeout');
      void worker.terminate();
      return { started: [], restarted: [], stopped: [], rewired: false, faults: [] };
    }
    if (this.worker === worker) {
      this.faults = result.faults;
      this.setState('running');
    }
    return result;
  }

  private onCrash(worker: FlowTransport, reason: string, code = 'flow_crashed'): void {
    if (worker !== this.worker) return; // an old worker we replaced or stopped on purpose
    this.worker = null;
    this.backlog = undefined; // its queue died with it: a paused flow must not stay degraded
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new OperationalError('flow_crashed', `flow "${this.flowId}" crashed: ${reason}`));
    }
    this.pending.clear();
    if (this.stopping) return;
    if (Date.now() - this.startedAt > (this.options.stableAfterMs ?? 60_000)) {
      this.restarts = 0;
      this.sharedCrashes = 0;
    }
    this.restarts++;
    if (reason.startsWith('shared host process')) this.sharedCrashes++;
    if (!this.quarantined && this.sharedCrashes >= (this.options.quarantineAfter ?? 2)) {
      // Which flow of a shared host caused a V8 fatal error cannot be known afterwards; a flow that
      // keeps losing its host leaves the pool, so a repeat offender can take down only itself.
      this.quarantined = true;
      this.emit({
        type: 'log',
        time: Date.now(),
        level: 'warn',
        flowId: this.flowId,
        message: `flow "${this.flowId}" moves to a dedicated process after ${this.sharedCrashes} crashes of its shared host`,
      });
    }
    const base = this.options.backoffMs ?? 250;
    const delay =
      Math.min(this.options.maxBackoffMs ?? 30_000, base * 2 ** (this.restarts - 1)) * (0.8 + Math.random() * 0.4);
    const why = code === 'flow_crashed' ? reason : `${code}: ${reason}`;
    this.setState('crashed', `${why}; restarting in ${Math.round(delay)} ms`);
    this.emit({
      type: 'error',
      time: Date.now(),
      flowId: this.flowId,
      error: {
        name: 'FlowCrashError',
        code,
        message: `flow "${this.flowId}" ${code === 'flow_crashed' ? 'crashed' : 'failed'}: ${reason}`,
        kind: 'unexpected',
        retryable: true,
      },
      caught: false,
    });
    this.parent.crashed(this.flowId, reason);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      this.boot().catch((err: Error) =>
        this.emit({
          type: 'log',
          time: Date.now(),
          level: 'error',
          flowId: this.flowId,
          message: `restart failed: ${err.message}`,
        }),
      );
    }, delay);
  }

  /** The global context a (re)starting flow begins with. */
  private globalStart(): Pick<FlowWorkerData, 'globalSnapshot' | 'globalOwned'> {
    const { values, owned } = this.parent.globalSnapshot(this.flowId);
    return { globalSnapshot: values, globalOwned: owned };
  }

  /** Where the flow runs: its own process when pinned (`isolation: "dedicated"`) or quarantined. */
  private transportKind(spec: FlowStartSpec): FlowTransportKind {
    const kind = this.options.transport ?? 'worker';
    if (kind === 'pool' && (spec.flow.isolation === 'dedicated' || this.quarantined)) return 'process';
    return kind;
  }

  private modulesFor(spec: FlowStartSpec): string[] {
    return this.options.modulesFor?.(spec) ?? this.options.nodeModules;
  }

  private accept(id: number): boolean {
    if (this.accepted.push(id) > 1) return true;
    setImmediate(() => {
      const accepts = this.accepted;
      this.accepted = [];
      this.post({ notice: 'route-accepted', accepts });
    });
    return true;
  }

  private onMessage(m: FromWorker): void {
    switch (m.kind) {
      case 'events':
        for (const e of m.events) this.emit(e);
        return;
      case 'reply': {
        const p = this.pending.get(m.rid);
        if (!p) return;
        this.pending.delete(m.rid);
        clearTimeout(p.timer);
        if (m.ok) p.resolve(m.result);
        else p.reject(reviveError(m.error));
        return;
      }
      case 'route': {
        const accept = m.accept;
        // An accept number belongs to the worker that sent it: a restarted worker counts from 1 again.
        const worker = this.worker;
        const accepted = accept === undefined ? undefined : () => this.worker === worker && this.accept(accept);
        if (!this.parent.route(this.flowId, m.nodeId, m.msg, accepted)) {
          // The target went away while the message was on its way (a deploy): say so, and let go.
          accepted?.();
          this.emit({
            type: 'error',
            time: Date.now(),
            flowId: this.flowId,
            msgId: m.msg.id,
            error: serializeError(new UserError('link_target_missing', `link target "${m.nodeId}" is not deployed`)),
            caught: false,
          });
        }
        return;
      }
      case 'link-taken':
        this.parent.linkTaken?.(this.flowId, m.links);
        return;
      case 'queue': {
        // The answer goes to the worker that asked: a restarted one has forgotten the question.
        const worker = this.worker;
        const post = (reply: ToWorker) => {
          if (this.worker === worker) worker?.post(reply);
        };
        const fail = (err: unknown) =>
          post({
            notice: 'queue-done',
            qid: m.qid,
            ok: false,
            error: err instanceof Error ? err.message : String(err),
            conflict: (err as { code?: unknown } | null)?.code === QUEUE_CONFLICT,
          });
        const call = this.parent.queueReplica?.(this.flowId, m.nodeId, m.call);
        if (!call) fail(new Error('not in a cluster'));
        else call.then((answer) => post({ notice: 'queue-done', qid: m.qid, ok: true, answer }), fail);
        return;
      }
      case 'global':
        this.parent.globalSet(this.flowId, m.key, m.value, m.bytes);
        return;
      case 'respond':
        this.parent.respond?.(m.replyTo, m.response);
        return;
      case 'pressure':
        this.backlog = m.high ? m.queued : undefined;
        return;
      case 'ready':
        return;
    }
  }

  private request(req: WorkerRequest, timeoutMs = this.options.requestTimeoutMs ?? 30_000): Promise<unknown> {
    const worker = this.worker;
    if (!worker)
      return Promise.reject(new OperationalError('flow_not_running', `flow "${this.flowId}" is not running`));
    const rid = this.nextRid++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(rid);
        reject(
          new OperationalError(
            'flow_timeout',
            `flow "${this.flowId}" did not answer "${req.op}" within ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      this.pending.set(rid, { resolve, reject, timer });
      worker.post({ rid, ...req } satisfies ToWorker);
    });
  }

  private post(m: ToWorker): void {
    this.worker?.post(m);
  }

  private setState(state: FlowRunState, detail?: string): void {
    this.state = state;
    this.emit({
      type: 'flow-state',
      time: Date.now(),
      flowId: this.flowId,
      state,
      ...(detail ? { detail } : {}),
      restarts: this.restarts,
    });
  }
}
