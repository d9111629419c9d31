import type { ConnectionEvent, RuntimeEvent } from '@millwright/model';
import type { NodeStats } from '@millwright/sdk';
import type { EventBus } from '../events/event-bus.js';
import type { FlowManager, FlowState } from './flow-manager.js';

/** Overall health, worst first: see {@link FlowHealth.check}. */
export type HealthStatus = 'failing' | 'starting' | 'degraded' | 'ok';

/** Why /healthz is not `ok`: one entry per flow, node or connection at fault. */
export interface HealthReason {
  code:
    | 'flow_crashed'
    | 'flow_invalid'
    | 'crash_loop'
    | 'node_fault'
    | 'backlog'
    | 'queue_stalled'
    | 'flow_unresponsive'
    | 'connection_down';
  /** `failing` reasons make the status `failing`; the others make it `degraded`. */
  severity: 'failing' | 'degraded';
  flowId: string;
  nodeId?: string;
  message: string;
  /** Since when (epoch ms), where the reason has a start: a connection down, a message waiting. */
  since?: number;
}

export interface HealthReport {
  status: HealthStatus;
  /** 200, or 503 as `failOn` decides. */
  httpStatus: 200 | 503;
  flows: FlowState[];
  reasons: HealthReason[];
  /** Every connection a running flow's config nodes hold, up or down (down ones within their grace too). */
  connections: ConnectionHealth[];
}

/** A connection a config node reported (`NodeContext.reportConnection`), as /healthz and /metrics show it. */
export interface ConnectionHealth {
  flowId: string;
  nodeId: string;
  nodeType: string;
  /** What it connects to (user name and password removed). */
  target: string;
  up: boolean;
  required: boolean;
  /** While down: since when (epoch ms), and why when known. */
  downSince?: number;
  message?: string;
}

/** Settings `health` (docs/settings.md); every field has a default. */
export interface HealthSettings {
  /** From which status on /healthz answers 503 (default `failing`); `never`: always 200. */
  failOn?: 'failing' | 'degraded' | 'never';
  stalledQueueMs?: number;
  connectionGraceMs?: number;
  crashLoopRestarts?: number;
  crashLoopWindowMs?: number;
}

export const HEALTH_DEFAULTS = {
  failOn: 'failing',
  stalledQueueMs: 60_000,
  connectionGraceMs: 30_000,
  crashLoopRestarts: 3,
  crashLoopWindowMs: 600_000,
} as const satisfies Required<HealthSettings>;

export interface FlowHealthOptions {
  manager: Pick<FlowManager, 'states' | 'flowStats' | 'nodeType'>;
  bus: EventBus;
  settings?: HealthSettings | undefined;
  /**
   * How long one check waits for the flows' queue counters (default 1000 ms). A flow that answers
   * later is read at the next check; one that keeps not answering is `flow_unresponsive`.
   */
  statsTimeoutMs?: number;
  /** Checks within this many ms reuse the last queue counters, so many probers cost one round (default 1000). */
  statsMaxAgeMs?: number;
}

interface ConnectionEntry {
  flowId: string;
  nodeId: string;
  nodeType: string;
  target: string;
  required: boolean;
  /** When it went down (or started connecting); undefined while it is up. */
  downSince: number | undefined;
  message: string | undefined;
}

interface StatsSample {
  at: number;
  nodes: Record<string, NodeStats>;
}

/**
 * What /healthz reports, from three sources: the flows' states (crashed, invalid, starting, node
 * faults, backlog: {@link FlowManager.states}); the runtime events (crashes, for crash loops, and
 * the connections config nodes report with `NodeContext.reportConnection`); and each flow's queue
 * counters, fetched at most once per `statsMaxAgeMs` and waited for at most `statsTimeoutMs`, so a
 * probe stays fast even when a flow is stuck (a stuck flow is itself a reason).
 */
export class FlowHealth {
  private readonly settings: Required<HealthSettings>;
  private readonly connections = new Map<string, ConnectionEntry>();
  /** Crash times per flow within the crash-loop window, oldest first, with the last crash's detail. */
  private readonly crashes = new Map<string, { times: number[]; detail: string | undefined }>();
  private readonly samples = new Map<string, StatsSample>();
  /** Per flow: the stats request in flight. */
  private readonly probes = new Map<string, Promise<void>>();
  /** Per flow: since when it has not answered a stats request (absent once it answers). */
  private readonly silentSince = new Map<string, number>();
  private readonly off: () => void;

  constructor(private readonly options: FlowHealthOptions) {
    this.settings = { ...HEALTH_DEFAULTS, ...definedOnly(options.settings ?? {}) };
    this.off = options.bus.on((e) => this.observe(e));
  }

  /** Stops following the runtime events. */
  close(): void {
    this.off();
  }

  /**
   * The health now. `failing` while a flow is crashed (waiting to restart) or invalid; `starting`
   * while a deploy starts flows; `degraded` for any other reason (see {@link HealthReason}); else
   * `ok`. The HTTP status is 503 from the `failOn` status on, else 200.
   */
  async check(): Promise<HealthReport> {
    await this.refreshStats(
      this.options.manager
        .states()
        .filter((f) => f.state === 'running')
        .map((f) => f.flowId),
      Date.now(),
    );
    // Read after the wait: a flow may have crashed or come back meanwhile.
    const flows = this.options.manager.states();
    const now = Date.now();
    const running = flows.filter((f) => f.state === 'running').map((f) => f.flowId);
    const reasons = [
      ...flows.flatMap((f) => this.stateReasons(f)),
      ...this.crashLoopReasons(flows, now),
      ...running.flatMap((id) => this.queueReasons(id, now)),
      ...this.connectionReasons(now),
    ];
    const failing = reasons.some((r) => r.severity === 'failing');
    const starting = flows.some((f) => f.state === 'starting');
    const status: HealthStatus = failing ? 'failing' : starting ? 'starting' : reasons.length ? 'degraded' : 'ok';
    const failOn = this.settings.failOn;
    const unavailable = failOn === 'failing' ? failing : failOn === 'degraded' ? failing || reasons.length > 0 : false;
    return { status, httpStatus: unavailable ? 503 : 200, flows, reasons, connections: this.connectionStates() };
  }

  /** The connections the running flows' config nodes hold now, with their state (also for /metrics). */
  connectionStates(): ConnectionHealth[] {
    return [...this.connections.values()].map((c) => ({
      flowId: c.flowId,
      nodeId: c.nodeId,
      nodeType: c.nodeType,
      target: c.target,
      up: c.downSince === undefined,
      required: c.required,
      ...(c.downSince !== undefined ? { downSince: c.downSince } : {}),
      ...(c.message !== undefined ? { message: c.message } : {}),
    }));
  }

  // ---- events -------------------------------------------------------------------------------

  private observe(e: RuntimeEvent): void {
    if (e.type === 'connection') this.onConnection(e);
    else if (e.type === 'flow-state') {
      if (e.state === 'crashed') this.onCrash(e.flowId, e.time, e.detail);
      // A new deploy of the flow starts its crash count afresh.
      if (e.state === 'starting') this.crashes.delete(e.flowId);
      // Its engine is gone or about to be replaced: its connections went with it, and the new
      // engine's config nodes report theirs again. Its old queue counters describe nothing now.
      if (e.state !== 'running') {
        for (const [key, c] of this.connections) if (c.flowId === e.flowId) this.connections.delete(key);
        this.samples.delete(e.flowId);
        this.probes.delete(e.flowId);
        this.silentSince.delete(e.flowId);
      }
    }
  }

  private onConnection(e: ConnectionEvent): void {
    const key = `${e.flowId}\u0000${e.nodeId}`;
    if (e.state === 'closed') {
      this.connections.delete(key);
      return;
    }
    const before = this.connections.get(key);
    const down = e.state === 'disconnected';
    this.connections.set(key, {
      flowId: e.flowId,
      nodeId: e.nodeId,
      nodeType: e.nodeType,
      target: e.target,
      required: e.required,
      // Reconnect attempts report again and again: the outage began at the first of them.
      downSince: down ? (before?.downSince ?? e.time) : undefined,
      message: down ? e.message : undefined,
    });
  }

  private onCrash(flowId: string, time: number, detail: string | undefined): void {
    const entry = this.crashes.get(flowId) ?? { times: [], detail };
    entry.times.push(time);
    // The restart delay in the detail is stale by the time anyone reads the reason.
    entry.detail = detail?.replace(/; restarting in \d+ ms$/, '');
    const from = time - this.settings.crashLoopWindowMs;
    while (entry.times.length && entry.times[0]! < from) entry.times.shift();
    this.crashes.set(flowId, entry);
  }

  // ---- reasons ------------------------------------------------------------------------------

  private stateReasons(f: FlowState): HealthReason[] {
    const out: HealthReason[] = [];
    if (f.state === 'crashed')
      out.push({
        code: 'flow_crashed',
        severity: 'failing',
        flowId: f.flowId,
        message: `flow "${f.flowId}" crashed and waits to restart (${f.restarts} restarts)`,
      });
    if (f.state === 'invalid')
      out.push({
        code: 'flow_invalid',
        severity: 'failing',
        flowId: f.flowId,
        message: `stored flow "${f.flowId}" does not pass its checks and is not running: ${(f.issues ?? []).map((i) => i.message).join('; ')}`,
      });
    for (const fault of f.faults ?? [])
      out.push({
        code: 'node_fault',
        severity: 'degraded',
        flowId: f.flowId,
        nodeId: fault.nodeId,
        message: `node "${fault.nodeId}" (${fault.type}) in flow "${f.flowId}" did not start: ${fault.message} (${fault.code})`,
      });
    if (f.backlog !== undefined)
      out.push({
        code: 'backlog',
        severity: 'degraded',
        flowId: f.flowId,
        message: `flow "${f.flowId}" has ${f.backlog} messages queued, over its high-water mark: its sources are paused`,
      });
    return out;
  }

  private crashLoopReasons(flows: readonly FlowState[], now: number): HealthReason[] {
    const deployed = new Set(flows.map((f) => f.flowId));
    const out: HealthReason[] = [];
    for (const [flowId, entry] of this.crashes) {
      if (!deployed.has(flowId)) {
        this.crashes.delete(flowId);
        continue;
      }
      const recent = entry.times.filter((t) => t >= now - this.settings.crashLoopWindowMs);
      if (recent.length < this.settings.crashLoopRestarts) continue;
      out.push({
        code: 'crash_loop',
        severity: 'degraded',
        flowId,
        message: `flow "${flowId}" crashed ${recent.length} times in the last ${formatMs(this.settings.crashLoopWindowMs)}${entry.detail ? `; last: ${entry.detail}` : ''}`,
        since: recent[0]!,
      });
    }
    return out;
  }

  private queueReasons(flowId: string, now: number): HealthReason[] {
    const limit = this.settings.stalledQueueMs;
    const silent = this.silentSince.get(flowId);
    if (silent !== undefined && now - silent >= limit)
      return [
        {
          code: 'flow_unresponsive',
          severity: 'degraded',
          flowId,
          message: `flow "${flowId}" has not answered for ${formatMs(now - silent)}: a node keeps its thread busy, so no message moves`,
          since: silent,
        },
      ];
    const sample = this.samples.get(flowId);
    if (!sample) return [];
    const out: HealthReason[] = [];
    for (const [nodeId, s] of Object.entries(sample.nodes)) {
      if (s.oldestMs < limit) continue;
      const type = this.options.manager.nodeType(nodeId) ?? 'unknown';
      out.push({
        code: 'queue_stalled',
        severity: 'degraded',
        flowId,
        nodeId,
        message: `node "${nodeId}" (${type}) in flow "${flowId}": the oldest of its ${s.queued} queued messages has waited ${formatMs(s.oldestMs)}`,
        since: sample.at - s.oldestMs,
      });
    }
    return out;
  }

  private connectionReasons(now: number): HealthReason[] {
    const out: HealthReason[] = [];
    for (const c of this.connections.values()) {
      if (!c.required || c.downSince === undefined || now - c.downSince < this.settings.connectionGraceMs) continue;
      out.push({
        code: 'connection_down',
        severity: 'degraded',
        flowId: c.flowId,
        nodeId: c.nodeId,
        message: `${c.nodeType} "${c.nodeId}" in flow "${c.flowId}" is not connected to ${c.target} since ${new Date(c.downSince).toISOString()} (${formatMs(now - c.downSince)})${c.message ? `: ${c.message}` : ''}`,
        since: c.downSince,
      });
    }
    return out;
  }

  // ---- queue counters -----------------------------------------------------------------------

  /**
   * Asks each running flow for its counters unless its last answer is recent, and waits at most
   * `statsTimeoutMs` for all of them. A request not answered in time stays in flight (and is
   * not sent again) so its answer lands for a later check.
   */
  private async refreshStats(flowIds: readonly string[], now: number): Promise<void> {
    const maxAge = this.options.statsMaxAgeMs ?? 1_000;
    const wanted = new Set(flowIds);
    for (const id of this.samples.keys()) if (!wanted.has(id)) this.samples.delete(id);
    for (const id of this.silentSince.keys()) if (!wanted.has(id)) this.silentSince.delete(id);
    const waits: Array<Promise<void>> = [];
    for (const flowId of wanted) {
      const inFlight = this.probes.get(flowId);
      if (inFlight) {
        waits.push(inFlight);
        continue;
      }
      const last = this.samples.get(flowId);
      if (last && now - last.at < maxAge) continue;
      const request = this.options.manager.flowStats(flowId);
      if (!request) continue;
      if (!this.silentSince.has(flowId)) this.silentSince.set(flowId, now);
      const probe: Promise<void> = request.then(
        (nodes) => {
          if (this.probes.get(flowId) !== probe) return; // the flow restarted meanwhile
          this.probes.delete(flowId);
          this.silentSince.delete(flowId);
          this.samples.set(flowId, { at: Date.now(), nodes });
        },
        () => {
          // No answer (the host's request timed out): the next check asks again, and the flow
          // stays silent since its first unanswered request.
          if (this.probes.get(flowId) === probe) this.probes.delete(flowId);
        },
      );
      this.probes.set(flowId, probe);
      waits.push(probe);
    }
    if (!waits.length) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.options.statsTimeoutMs ?? 1_000)));
    await Promise.race([Promise.all(waits), timeout]);
    clearTimeout(timer);
  }
}

/** `1500` -> `1.5 s`, `90000` -> `90 s`, `600000` -> `10 min`. */
function formatMs(ms: number): string {
  if (ms < 10_000) return `${Math.round(ms / 100) / 10} s`;
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  return `${Math.round(ms / 60_000)} min`;
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
