import { OperationalError, type ClusterViewResponse, type Flow } from '@millwright/model';
import type { Logger } from 'pino';
import type { ClusterConfig, ClusterDeployment, ClusterStore, RuntimeInfo } from './cluster-store.js';
import type { ContextReplica } from './context-replica.js';
import { flowsToRun, leaseCandidates, placementMode } from './placement.js';

/** How long a deploy keeps trying to write to a cluster that is electing a JetStream leader. */
const PUBLISH_PATIENCE_MS = 10_000;

/** What the member asks of the runtime. */
export interface ClusterHooks {
  /** Runs exactly these flows here now (a `flows` deploy: unchanged flows are not touched). */
  apply(flows: Flow[]): Promise<void>;
  /** Keeps a deployment from the cluster in the local store, to start from when NATS is away. */
  saveLocal(flows: Flow[]): Promise<void>;
  /** Takes the deployment's sealed credentials into the local store (before its flows start). */
  importCredentials(d: ClusterDeployment): Promise<void>;
  /** Replicates the context of the `once` flows held here, and brings it back on a takeover. */
  context?: ContextReplica;
  /** `once` flows this runtime may take over (it matches, another holds them): get ready for them. */
  standby?(flows: Flow[], deployment: Flow[]): void;
  /** The flows that now run here (after each apply): their cluster link consumers follow. */
  running?(flowIds: string[]): Promise<void>;
  /** /healthz status of this runtime, for the heartbeat. */
  health(): string;
  log: Logger;
  version: string;
  url(): string | undefined;
}

interface HeldLease {
  revision: number;
  /** When the last successful create or renewal was sent (local clock): the server wrote it after. */
  renewedAt: number;
  /** The flow starts here from then on (a taken-over lease waits TAKEOVER_GRACE_MS). */
  startAt: number;
}

/**
 * Lease timing, as fractions of `leaseMs` (3 s): renewals every quarter; a holder that has had no
 * successful renewal for 0.6 of the lease (1.8 s) stops the flow, before the server can expire the
 * key (1.0 after the last write), and a runtime that takes a lease over waits half a second more
 * before starting the flow: the old holder's stop (up to 1 s) is over 0.7 s before that. A renewal
 * may take until that fence (1.05 s when sent on time): on a busy machine, or with one NATS server
 * of three down (each write then needs both others), answers of 0.5 to 0.9 s are common and must
 * not stop the flow.
 */
const RENEW_EVERY = 0.25;
/** A lease round (trying to take the free leases of this runtime's `once` flows) every twelfth: 250 ms. */
const ACQUIRE_EVERY = 1 / 12;
const FENCE_AFTER = 0.6;
const TAKEOVER_GRACE_MS = 500;
/** How long `GET /api/cluster` waits for each NATS read before answering with what it has. */
const VIEW_TIMEOUT_MS = 2_000;
/** How often the context files of held flows are checked and sent when they changed. */
const CONTEXT_PUSH_MS = 250;

/** What `GET /api/cluster` answers. */
export type ClusterView = ClusterViewResponse;

/**
 * This runtime's part in a cluster. It follows the deployment in the key-value bucket (a watch:
 * a deploy anywhere reaches every runtime at once), runs the `all` flows whose labels match, and
 * competes for the leases of the `once` flows it may run: it runs those it holds, renews them
 * every third of `leaseMs`, and takes over a lease that expired because its holder died.
 *
 * Fencing: a holder that cannot renew (NATS unreachable) stops the flow once its lease may have
 * expired, before another runtime can hold it, so a `once` flow never runs twice at a time. `all`
 * flows keep running from the last known deployment while NATS is away.
 */
export class ClusterMember {
  private flows: Flow[] = [];
  private revision: string | undefined;
  private readonly held = new Map<string, HeldLease>();
  private timers: NodeJS.Timeout[] = [];
  private stopWatch: (() => void) | undefined;
  private ticking = false;
  private again = false;
  /** Revision and flow ids last handed to `apply`. */
  private appliedKey = '';
  private reconciling: Promise<void> = Promise.resolve();
  private connected = true;
  private stopped = false;
  /** `stop` began: renew what is held, take nothing new, start nothing. */
  private leaving = false;
  private readonly leaseSeen = new Map<string, number>();
  /**
   * Leases of which a write (create or renewal) was given up on without an answer: it may still
   * have been stored. A later refusal is then checked: if the key names this runtime, the write
   * landed and the lease is this runtime's (taken on with a renewal) instead of sitting unused
   * until it expires.
   */
  private readonly unanswered = new Set<string>();
  /** The runtimes the fleet view last read (shown again while NATS does not answer). */
  private lastRuntimes: RuntimeInfo[] = [];
  private stopLeaseWatch: (() => void) | undefined;
  private lastFullRound = 0;

  constructor(
    private readonly store: ClusterStore,
    private readonly cfg: ClusterConfig,
    private readonly hooks: ClusterHooks,
    private readonly startedAt = Date.now(),
  ) {}

  get id(): string {
    return this.cfg.id;
  }

  /**
   * Joins: takes the cluster's deployment (or, when the cluster has none yet, publishes `local`,
   * the flows this runtime has stored), then follows it and starts the lease and heartbeat loops.
   */
  async start(local: Flow[], localRevision: string): Promise<void> {
    const current = await this.store.getDeployment();
    if (current) this.take(current);
    else if (local.length) await this.publish(local, localRevision);
    this.stopWatch = await this.store.watchDeployment(
      (d) => {
        if (d.revision === this.revision || !this.take(d)) return;
        this.hooks.log.info({ revision: d.revision, by: d.by }, 'cluster: deployment received');
        void this.hooks
          .saveLocal(d.flows)
          .catch((err: unknown) => this.hooks.log.warn({ err }, 'cluster: local save failed'));
        // Applied at once with the leases held now; the lease round follows on its own.
        void this.reconcile();
        void this.tick();
      },
      (err) => this.hooks.log.error({ err }, 'cluster: watching the deployment failed'),
    );
    void this.watchStatus();
    // When each lease was last written (renewed), by what this runtime saw: a lease is tried only
    // once it may have expired, or when nothing was seen of it, so frequent rounds stay cheap.
    this.stopLeaseWatch = await this.store
      .watchLeases(
        (flowId, held) => (held ? this.leaseSeen.set(flowId, Date.now()) : this.leaseSeen.delete(flowId)),
        (err) => this.hooks.log.warn({ err }, 'cluster: watching the leases failed'),
      )
      .catch(() => undefined);
    await this.tick();
    // Rounds run often so a free lease is seen soon after it expires; renewals go out only when due.
    this.timers.push(setInterval(() => void this.tick(), Math.max(100, Math.floor(this.cfg.leaseMs * ACQUIRE_EVERY))));
    this.timers.push(setInterval(() => void this.beat(), 1_000));
    // Context goes out soon after the flow wrote it: a takeover repeats what changed since (a stat per held flow).
    this.timers.push(setInterval(() => void this.pushContext(), CONTEXT_PUSH_MS));
    await this.beat();
  }

  /** Puts a new deployment in the cluster (from this runtime's API); the others follow the watch. */
  async publish(flows: Flow[], revision: string, credentials?: ClusterDeployment['credentials']): Promise<void> {
    // A NATS node that just died leaves JetStream without a leader for a moment ("jetstream is not
    // enabled", timeouts): the deploy waits that out, up to PUBLISH_PATIENCE_MS, before giving up.
    const deadline = Date.now() + PUBLISH_PATIENCE_MS;
    let seq: number;
    for (;;) {
      try {
        seq = await this.store.putDeployment({
          revision,
          flows,
          by: this.cfg.id,
          at: Date.now(),
          ...(credentials ? { credentials } : {}),
        });
        break;
      } catch (err) {
        if (Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 250));
          continue;
        }
        throw new OperationalError(
          'cluster_unavailable',
          `the deployment could not be written to the cluster: ${(err as Error).message}`,
          err,
        );
      }
    }
    this.take({ revision, flows, by: this.cfg.id, at: Date.now(), seq });
  }

  /** The flow of a node in the cluster's deployment, or undefined. */
  ownerOf(nodeId: string): string | undefined {
    return this.flows.find((f) => f.nodes.some((n) => n.id === nodeId))?.id;
  }

  /** Every node id of the cluster's deployment. */
  nodeIds(): string[] {
    return this.flows.flatMap((f) => f.nodes.map((n) => n.id));
  }

  /** The flows of `flows` this runtime runs now. */
  select(flows: readonly Flow[]): Flow[] {
    const now = Date.now();
    const started = [...this.held].filter(([, l]) => l.startAt <= now).map(([id]) => id);
    return flowsToRun(flows, this.cfg.labels, new Set(started));
  }

  async describe(): Promise<ClusterView> {
    // Bounded: while NATS elects new leaders (a server died) reads can hang until their timeout.
    const onceFlows = this.flows.filter((f) => placementMode(f) === 'once').map((f) => f.id);
    const [runtimes, leases] = await Promise.all([
      this.within(this.store.runtimes(), VIEW_TIMEOUT_MS)
        .then((r) => (this.lastRuntimes = r))
        .catch(() => this.lastRuntimes),
      this.within(this.store.leases(onceFlows), VIEW_TIMEOUT_MS).catch(() => ({}) as Record<string, string>),
    ]);
    return {
      cluster: this.cfg.name,
      self: this.cfg.id,
      connected: this.connected,
      revision: this.revision,
      runtimes,
      placement: this.flows.map((f) => ({
        flowId: f.id,
        mode: placementMode(f),
        labels: f.placement?.labels ?? {},
        ...(leases[f.id] !== undefined ? { holder: leases[f.id] } : {}),
      })),
    };
  }

  /**
   * Leaves: `stopFlows` stops the flows here while their leases are still renewed (so no other
   * runtime starts one before it has stopped and written its queues), their context goes to the
   * cluster, then the leases are given back (another runtime takes the flows at once) and the
   * heartbeat is forgotten.
   */
  async stop(stopFlows?: () => Promise<void>): Promise<void> {
    this.leaving = true; // lease rounds only renew from now on, and nothing starts here
    this.stopWatch?.();
    this.stopLeaseWatch?.();
    await stopFlows?.().catch((err: unknown) => this.hooks.log.warn({ err }, 'cluster: stopping the flows failed'));
    if (this.hooks.context)
      await this.within(this.hooks.context.push([...this.held.keys()])).catch((err: unknown) =>
        this.hooks.log.warn({ err }, 'cluster: flow context not replicated before leaving'),
      );
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    // A lease round under way could take a lease again after the release below: let it end first.
    while (this.ticking) await new Promise((r) => setTimeout(r, 20));
    await Promise.all([...this.held].map(([flowId, l]) => this.store.release(flowId, l.revision)));
    this.held.clear();
    await this.store.forget(this.cfg.id);
    await this.store.close();
  }

  /** Takes a deployment unless an older one (a late watch event or poll): true when taken. */
  private take(d: ClusterDeployment): boolean {
    if (d.seq !== undefined && d.seq <= this.seq) return false;
    if (d.seq !== undefined) this.seq = d.seq;
    this.flows = d.flows;
    this.revision = d.revision;
    // The credentials go in before the flows that use them start (reconcile waits for this).
    if (d.by !== this.cfg.id && d.credentials)
      this.importing = this.importing
        .then(() => this.hooks.importCredentials(d))
        .catch((err: unknown) => this.hooks.log.error({ err }, 'cluster: credentials not taken'));
    return true;
  }

  private importing: Promise<void> = Promise.resolve();
  /** Bucket sequence of the deployment taken last. */
  private seq = 0;

  /** One round of leases: renew what is held, drop what is lost, try to take what is free; apply changes. */
  private async tick(): Promise<void> {
    if (this.stopped) return;
    if (this.ticking) {
      this.again = true;
      return;
    }
    this.ticking = true;
    try {
      const candidates = new Set(leaseCandidates(this.flows, this.cfg.labels));
      // All held leases at once: one slow answer must not hold up the others' renewals.
      await Promise.all(
        [...this.held].map(async ([flowId, lease]) => {
          if (!candidates.has(flowId)) {
            this.held.delete(flowId);
            await this.within(this.store.release(flowId, lease.revision)).catch(() => undefined);
            return;
          }
          const sentAt = Date.now();
          // Not due yet (the round runs more often than renewals), unless the last one failed.
          if (sentAt - lease.renewedAt < this.cfg.leaseMs * RENEW_EVERY - 50) return;
          // The renewal may take until the fence: a slow answer still counts.
          const fenceAt = lease.renewedAt + this.cfg.leaseMs * FENCE_AFTER;
          const revision = await this.renew(flowId, lease.revision, fenceAt - sentAt).catch(() => null);
          if (revision === undefined) {
            this.held.delete(flowId);
            this.hooks.log.warn({ flowId }, 'cluster: lease held by another runtime now, flow stopped here');
          } else if (revision !== null) this.held.set(flowId, { ...lease, revision, renewedAt: sentAt });
          // Not renewed in time (NATS away): stop well before the lease may expire and pass on.
          else if (Date.now() - lease.renewedAt > this.cfg.leaseMs * FENCE_AFTER) {
            this.held.delete(flowId);
            this.hooks.log.warn({ flowId }, 'cluster: lease not renewed in time, flow stopped here');
          }
        }),
      );
      // Every renewal period all free candidates are tried (the watch may have lapsed); in between,
      // only those whose lease may have just expired or was given back.
      const now = Date.now();
      const full = now - this.lastFullRound >= this.cfg.leaseMs * RENEW_EVERY - 50;
      if (full) this.lastFullRound = now;
      for (const flowId of candidates) {
        if (this.leaving) break; // checked per lease: a round under way when stop began takes no more
        if (this.held.has(flowId)) continue;
        const seen = this.leaseSeen.get(flowId);
        if (!full && seen !== undefined && now - seen < this.cfg.leaseMs - 2 * this.cfg.leaseMs * ACQUIRE_EVERY)
          continue;
        const sentAt = Date.now();
        const revision = await this.acquire(flowId).catch(() => undefined);
        if (revision !== undefined && this.stopped) {
          await this.store.release(flowId, revision).catch(() => undefined);
          break;
        }
        if (revision !== undefined) {
          this.held.set(flowId, { revision, renewedAt: sentAt, startAt: Date.now() + TAKEOVER_GRACE_MS });
          this.hooks.log.info({ flowId }, 'cluster: lease taken, flow runs here');
          setTimeout(() => void this.reconcile(), TAKEOVER_GRACE_MS + 10).unref();
          // The flow continues with the context its last holder replicated (before it starts here).
          if (this.hooks.context)
            await this.within(this.hooks.context.pull(flowId)).catch((err: unknown) =>
              this.hooks.log.warn({ err, flowId }, 'cluster: flow context not taken from the cluster'),
            );
        }
      }
    } catch (err) {
      this.hooks.log.warn({ err }, 'cluster: lease round failed');
    } finally {
      this.ticking = false;
    }
    await this.reconcile();
    if (this.again && !this.stopped) {
      this.again = false;
      await this.tick();
    }
  }

  /** Runs here what the deployment and the leases held now say, if that changed; one at a time. */
  private reconcile(): Promise<void> {
    this.reconciling = this.reconciling.then(async () => {
      if (this.stopped || this.leaving) return;
      // Every credential import started so far, also one a newer deployment started meanwhile.
      let importing: Promise<void>;
      do {
        importing = this.importing;
        await importing;
      } while (importing !== this.importing);
      const wanted = this.select(this.flows);
      const key = this.keyOf(wanted);
      if (key === this.appliedKey) return;
      this.appliedKey = key;
      await this.hooks.apply(wanted).catch((err: unknown) => this.hooks.log.error({ err }, 'cluster: applying failed'));
      const candidates = new Set(leaseCandidates(this.flows, this.cfg.labels));
      try {
        this.hooks.standby?.(
          this.flows.filter((f) => candidates.has(f.id) && !this.held.has(f.id)),
          this.flows,
        );
      } catch (err) {
        this.hooks.log.warn({ err }, 'cluster: getting ready for standby flows failed');
      }
      await this.hooks
        .running?.(wanted.map((f) => f.id))
        .catch((err: unknown) => this.hooks.log.error({ err }, 'cluster: link consumers not updated'));
    });
    return this.reconciling;
  }

  /** Takes the lease of a free flow: its revision, or undefined (another runtime holds it). */
  private async acquire(flowId: string): Promise<number | undefined> {
    const revision = await this.attempt(flowId, this.store.acquire(flowId, this.cfg.id));
    return revision ?? this.takeBack(flowId);
  }

  /** Renews a held lease within `ms`: the new revision, or undefined when another runtime holds it now. */
  private async renew(flowId: string, revision: number, ms: number): Promise<number | undefined> {
    const renewed = await this.attempt(flowId, this.store.renew(flowId, this.cfg.id, revision), ms);
    return renewed ?? this.takeBack(flowId);
  }

  /** A lease write, bounded; one given up on without an answer is remembered (see `unanswered`). */
  private async attempt(flowId: string, write: Promise<number | undefined>, ms?: number): Promise<number | undefined> {
    try {
      const revision = await this.within(write, ms);
      if (revision !== undefined) this.unanswered.delete(flowId);
      return revision;
    } catch (err) {
      if (/timeout|did not answer|disconnect/i.test(String(err))) this.unanswered.add(flowId);
      throw err;
    }
  }

  /**
   * A create or renewal was refused: when an earlier write of this runtime that got no answer
   * landed after all, the key names this runtime. The lease is taken on with a renewal on top of
   * what the key holds (refused if anyone wrote since): its revision, or undefined.
   */
  private async takeBack(flowId: string): Promise<number | undefined> {
    if (!this.unanswered.has(flowId)) return undefined;
    const now = await this.within(this.store.holderOf(flowId));
    this.unanswered.delete(flowId);
    if (now?.holder !== this.cfg.id) return undefined;
    const revision = await this.attempt(flowId, this.store.renew(flowId, this.cfg.id, now.revision));
    if (revision !== undefined)
      this.hooks.log.info({ flowId }, 'cluster: a lease write answered too late had been stored; lease kept');
    return revision;
  }

  /**
   * A NATS operation of the lease round, bounded (by default a quarter of the lease): a later
   * answer counts as no answer (the round must not stall, or a held lease would expire unnoticed).
   */
  private within<T>(p: Promise<T>, ms = this.cfg.leaseMs * RENEW_EVERY): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    let moved: (() => void) | undefined;
    return Promise.race([
      p,
      new Promise<T>((_, reject) => {
        timer = setTimeout(() => reject(new Error('NATS did not answer in time')), Math.max(100, ms));
        // A request sent to a server that died gets no answer: given up at once when the client
        // has moved to another server, so the round can send it again there.
        moved = () => reject(new Error('NATS did not answer before the client moved to another server'));
        this.onMove.add(moved);
      }),
    ]).finally(() => {
      clearTimeout(timer);
      if (moved) this.onMove.delete(moved);
    });
  }

  /** Calls of `within` under way, to be given up when the client reconnects (see `watchStatus`). */
  private readonly onMove = new Set<() => void>();

  /** The deploy service ran `flows` here for the current revision: no need to apply them again. */
  noteApplied(flows: readonly Flow[]): void {
    this.appliedKey = this.keyOf(flows);
  }

  private keyOf(flows: readonly Flow[]): string {
    return `${this.revision ?? ''}|${flows.map((f) => f.id).join(',')}`;
  }

  private async beat(): Promise<void> {
    if (this.stopped) return;
    // Safety net under the watch: a watch can lapse while the client moves to another NATS server
    // (a server died); the revision is read back each beat, so the runtime converges within a second.
    const current = await this.within(this.store.getDeployment()).catch(() => undefined);
    // Only forward: a read that crossed a newer publish or watch event is older, not newer.
    if (current && current.revision !== this.revision && this.take(current)) {
      this.hooks.log.warn(
        { revision: current.revision },
        'cluster: deployment caught up by polling (the watch missed it)',
      );
      void this.hooks
        .saveLocal(current.flows)
        .catch((err: unknown) => this.hooks.log.warn({ err }, 'cluster: local save failed'));
      void this.reconcile();
    }
    const url = this.hooks.url();
    const info: RuntimeInfo = {
      id: this.cfg.id,
      labels: this.cfg.labels,
      version: this.hooks.version,
      startedAt: this.startedAt,
      ...(url ? { url } : {}),
      flows: this.select(this.flows).map((f) => f.id),
      ...(this.revision !== undefined ? { revision: this.revision } : {}),
      leases: [...this.held.keys()],
      health: this.hooks.health(),
      at: Date.now(),
    };
    await this.store.heartbeat(info).catch(() => undefined);
  }

  /** Sends the context files of the flows held here that changed (see ContextReplica); one round at a time. */
  private async pushContext(): Promise<void> {
    if (this.stopped || this.leaving || this.pushing || !this.hooks.context) return;
    this.pushing = true;
    try {
      await this.hooks.context.push([...this.held.keys()]);
    } catch (err) {
      this.hooks.log.warn({ err }, 'cluster: flow context not replicated');
    } finally {
      this.pushing = false;
    }
  }

  private pushing = false;

  private async watchStatus(): Promise<void> {
    for await (const s of this.store.nc.status()) {
      if (s.type === 'disconnect') {
        this.connected = false;
        this.hooks.log.warn('cluster: NATS unreachable; running the last known flows');
      } else if (s.type === 'reconnect') {
        this.connected = true;
        this.hooks.log.info('cluster: NATS reachable again');
        for (const giveUp of [...this.onMove]) giveUp();
        void this.tick(); // renewals given up above go out again now, on the new server
      }
    }
  }
}
