import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { track, type FlowTransport, type TransportSpec } from './flow-transport.js';
import { childExecArgv, moduleUrl } from './module-mode.js';
import type { FromPoolHost, ToPoolHost } from './pool-protocol.js';
import type { FromWorker, ToWorker } from './worker-protocol.js';

const POOL_ENTRY = fileURLToPath(moduleUrl('./pool-entry', import.meta.url));
/** A slot that does not confirm its stop within this time has a wedged host: the process is killed. */
const CLOSE_TIMEOUT_MS = 10_000;

export interface HostPoolOptions {
  /** Most shared host processes (default: one per core). */
  size: number;
  /**
   * Flows a host takes before the pool starts another (up to `size`): a few flows share one
   * process, many spread over the cores.
   */
  flowsPerHost: number;
  /** V8 old-generation heap limit of each host process, MB. */
  heapMb: number;
  /** Every node module a flow may use (decides whether hosts need the tsx loader). */
  nodeModules: readonly string[];
}

/** One shared host process and the flow slots it runs. */
class HostProcess {
  readonly child: ChildProcess;
  readonly slots = new Map<string, PooledTransport>();
  readonly exited: Promise<void>;
  dead = false;

  constructor(options: HostPoolOptions, onExit: (host: HostProcess) => void) {
    this.child = fork(POOL_ENTRY, [], {
      execArgv: [...childExecArgv(options.nodeModules), `--max-old-space-size=${options.heapMb}`],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    track(this.child);
    this.exited = new Promise((resolve) => {
      const done = (reason: string) => {
        if (this.dead) return;
        this.dead = true;
        onExit(this);
        const flows = this.slots.size;
        for (const slot of [...this.slots.values()])
          slot.died(`shared host process ${this.child.pid ?? '?'} (${flows} flow(s)) ${reason}`);
        this.slots.clear();
        resolve();
      };
      this.child.once('exit', (code, signal) => done(signal ? `killed by ${signal}` : `exited with code ${code}`));
      // Every error is handled (a second one would be uncaught); a child that failed is not kept.
      this.child.on('error', (err) => {
        done(`failed: ${err.message}`);
        this.kill();
      });
    });
    this.child.on('message', (m: FromPoolHost) => {
      if ('from' in m) this.slots.get(m.from)?.receive(m.m);
      else if ('closed' in m) {
        const slot = this.slots.get(m.closed);
        this.slots.delete(m.closed);
        if (m.error !== undefined) slot?.died(`cannot start: ${m.error}`);
        else slot?.closed();
      }
    });
  }

  send(m: ToPoolHost): void {
    if (!this.dead && this.child.connected) this.child.send(m);
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

/** A flow's transport onto a slot of a shared host process. */
class PooledTransport implements FlowTransport {
  private messageFn: ((m: FromWorker) => void) | null = null;
  private exitFns: Array<(reason: string) => void> = [];
  private closing: { resolve(): void } | null = null;
  private gone = false;

  constructor(
    readonly flowId: string,
    readonly host: HostProcess,
  ) {}

  post(m: ToWorker): void {
    if (!this.gone) this.host.send({ to: this.flowId, m });
  }

  onMessage(fn: (m: FromWorker) => void): void {
    this.messageFn = fn;
  }

  onExit(fn: (reason: string) => void): void {
    this.exitFns.push(fn);
  }

  receive(m: FromWorker): void {
    this.messageFn?.(m);
  }

  /** The slot (or its whole host process) ended without being asked to. */
  died(reason: string): void {
    if (this.gone) return;
    this.gone = true;
    this.closing?.resolve();
    for (const fn of this.exitFns) fn(reason);
  }

  closed(): void {
    this.gone = true;
    this.closing?.resolve();
  }

  async terminate(): Promise<void> {
    if (this.gone) return;
    const done = new Promise<void>((resolve) => (this.closing = { resolve }));
    this.host.send({ close: this.flowId });
    const timer = setTimeout(() => this.host.kill(), CLOSE_TIMEOUT_MS);
    await done;
    clearTimeout(timer);
  }
}

/**
 * A small pool of shared host processes (at most about one per core), each running many flows. A
 * flow's slot is opened on the host with the fewest flows; another host starts when every host has
 * `flowsPerHost` flows, so a few flows cost one process and many spread over the cores. A V8 fatal error
 * (an isolate's out-of-memory abort) ends one host: its flows see a crash and restart on a live
 * host with backoff, while the main process, the admin API and the other hosts keep running.
 * See docs/decisions/0005-shared-host-pool.md.
 */
export class HostPool {
  private readonly hosts = new Set<HostProcess>();

  constructor(private readonly options: HostPoolOptions) {}

  open({ data }: TransportSpec): FlowTransport {
    const host = this.pick();
    const transport = new PooledTransport(data.flowId, host);
    host.slots.set(data.flowId, transport);
    host.send({ open: data });
    return transport;
  }

  /**
   * Starts the hosts `flows` flows will need, ahead of them: a runtime with stored flows boots its
   * hosts while it loads the rest, instead of after.
   */
  prewarm(flows: number): void {
    const want = Math.min(Math.max(1, this.options.size), Math.ceil(flows / this.options.flowsPerHost));
    while ([...this.hosts].filter((h) => !h.dead).length < want) this.spawn();
  }

  /**
   * Loads node modules and warms node types in every host, and in hosts started later (a cluster
   * runtime on standby for flows that use them): taking such a flow over skips those imports.
   */
  warm(modules: readonly string[], types: readonly string[]): void {
    const key = JSON.stringify([modules, types]);
    if (key === this.warmKey) return;
    this.warmKey = key;
    this.warming = { modules: [...modules], types: [...types] };
    this.prewarm(1);
    for (const h of this.hosts) h.send({ warm: this.warming });
  }

  private warmKey = '';
  private warming: { modules: string[]; types: string[] } | undefined;

  private spawn(): HostProcess {
    const host = new HostProcess(this.options, (h) => this.hosts.delete(h));
    this.hosts.add(host);
    if (this.warming) host.send({ warm: this.warming });
    return host;
  }

  /** PIDs of the live host processes and their flows (metrics, tests). */
  describe(): Array<{ pid: number; flows: string[] }> {
    return [...this.hosts].map((h) => ({ pid: h.child.pid ?? 0, flows: [...h.slots.keys()] }));
  }

  /** Kills every host process (their flows were stopped by their own hosts before). */
  async stop(): Promise<void> {
    const all = [...this.hosts];
    for (const h of all) h.kill();
    await Promise.all(all.map((h) => h.exited));
  }

  private pick(): HostProcess {
    const live = [...this.hosts].filter((h) => !h.dead);
    const full = live.every((h) => h.slots.size >= this.options.flowsPerHost);
    if (live.length < Math.max(1, this.options.size) && full) return this.spawn();
    return live.reduce((a, b) => (b.slots.size < a.slots.size ? b : a));
  }
}
