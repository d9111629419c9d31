import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { HostPool } from './host-pool.js';
import { childExecArgv, moduleUrl } from './module-mode.js';
import type { FlowWorkerData, FromWorker, ToWorker } from './worker-protocol.js';

/**
 * The channel between a flow host and the thread or process that runs its flow. `onExit` may be
 * called more than once for one death (an error, then the exit); the host ignores all but the first.
 */
export interface FlowTransport {
  post(m: ToWorker): void;
  onMessage(fn: (m: FromWorker) => void): void;
  onExit(fn: (reason: string) => void): void;
  /** Kills the thread or process; resolves once it is gone. */
  terminate(): Promise<void>;
}

/**
 * Where a flow runs: `worker` = a worker thread, `process` = a child process of its own,
 * `pool` = a slot in one of the shared host processes of a `HostPool`.
 */
export type FlowTransportKind = 'worker' | 'process' | 'pool';

export interface TransportSpec {
  data: FlowWorkerData;
  /** V8 old-generation heap limit, MB. */
  heapMb: number;
}

const BOOT_URL = new URL('./worker-boot.mjs', import.meta.url);
const ENTRY_FILE = fileURLToPath(moduleUrl('./worker-entry', import.meta.url));

/** Starts a flow's thread or process, or opens its slot in a pooled host process. */
export function openTransport(kind: FlowTransportKind, spec: TransportSpec, pool?: HostPool): FlowTransport {
  if (kind === 'pool') {
    if (!pool) throw new Error('a pooled flow needs a host pool');
    return pool.open(spec);
  }
  return kind === 'process' ? new ProcessTransport(spec) : new WorkerTransport(spec);
}

class WorkerTransport implements FlowTransport {
  private readonly worker: Worker;

  constructor({ data, heapMb }: TransportSpec) {
    this.worker = new Worker(BOOT_URL, {
      workerData: data,
      resourceLimits: { maxOldGenerationSizeMb: heapMb },
      name: `flow:${data.flowId}`,
      stdout: false,
      stderr: false,
    });
  }

  post(m: ToWorker): void {
    this.worker.postMessage(m);
  }

  onMessage(fn: (m: FromWorker) => void): void {
    this.worker.on('message', fn);
  }

  onExit(fn: (reason: string) => void): void {
    this.worker.on('error', (err) => fn(`uncaught error: ${err.message}`));
    this.worker.on('exit', (code) => fn(`worker exited with code ${code}`));
  }

  async terminate(): Promise<void> {
    await this.worker.terminate();
  }
}

function isFromWorker(m: unknown): m is FromWorker {
  return typeof m === 'object' && m !== null && 'kind' in m;
}

const children = new Set<ChildProcess>();
let reaperInstalled = false;

/** A child must never outlive the runtime: kill the children when this process exits. */
export function track(child: ChildProcess): void {
  children.add(child);
  child.once('exit', () => children.delete(child));
  if (reaperInstalled) return;
  reaperInstalled = true;
  process.once('exit', () => {
    for (const c of children) c.kill('SIGKILL');
  });
}

class ProcessTransport implements FlowTransport {
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;

  constructor({ data, heapMb }: TransportSpec) {
    this.child = fork(ENTRY_FILE, [], {
      execArgv: [...childExecArgv(data.nodeModules), `--max-old-space-size=${heapMb}`],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    track(this.child);
    this.exited = new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.once('error', () => resolve()); // a process that never spawned has no exit
    });
    // The first message carries what a worker thread gets as workerData (structured clone, not JSON).
    this.child.send({ init: data });
  }

  post(m: ToWorker): void {
    if (this.child.connected) this.child.send(m);
  }

  onMessage(fn: (m: FromWorker) => void): void {
    this.child.on('message', (m) => {
      if (isFromWorker(m)) fn(m);
    });
  }

  onExit(fn: (reason: string) => void): void {
    this.child.on('error', (err) => fn(`process error: ${err.message}`));
    this.child.on('exit', (code, signal) =>
      fn(signal ? `process killed by ${signal}` : `process exited with code ${code}`),
    );
  }

  async terminate(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }
}
