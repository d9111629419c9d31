import { performance } from 'node:perf_hooks';
import { pollUntil, startChild, type BenchChild } from '../lib/child.js';
import { freePort } from '../lib/free-port.js';
import { killLeftovers, snapshotTree } from '../lib/process-tree.js';

/** How a deploy went, in ms from just before the HTTP call. */
export interface DeployTiming {
  /** Until the deploy call answered (body read). */
  answerMs: number;
  /** Until the changed flows ran again (Millwright: /healthz; Node-RED: its "Started ..." log line). */
  runningMs: number;
  /** Millwright's `changes` from the deploy answer; undefined for Node-RED (its answer has none). */
  changes?: { started: string[]; restarted: string[]; updated: string[]; stopped: string[] };
}

/** One engine process started by the bench, through its own CLI, on 127.0.0.1. */
export interface EngineProcess {
  child: BenchChild;
  url: string;
  /** `performance.now()` just before the spawn. */
  t0: number;
  /** Resolves with ms since `t0` once the admin API answers a GET with 200. */
  firstAnswer(): Promise<number>;
  /** Resolves with ms since `t0` once the `count` stored flows all run. */
  allRunning(count: number): Promise<number>;
  /** RSS of the process and all its descendants, MB. */
  rssMb(): number;
  /** PSS of the process and all its descendants, MB: shared pages counted once. */
  pssMb(): number;
  /** The flows as the admin API returns them (what an editor would edit and deploy back). */
  readFlows(): Promise<unknown>;
  /** Deploys `flows` (in the shape `readFlows` gave) and times it; `flowId` is the flow expected to restart. */
  deploy(flows: unknown, mode: 'full' | 'flows' | 'nodes', flowId?: string): Promise<DeployTiming>;
  /** SIGTERM (SIGKILL after a grace period), then SIGKILL any descendant left behind. */
  stop(): Promise<void>;
}

/** A spawned engine child with a port and a line-by-line view of its stdout. */
export interface Spawned {
  child: BenchChild;
  port: number;
  t0: number;
  lines: LogLines;
  stop(): Promise<void>;
}

/** Starts `node <nodeArgs(port)>` on a free port and records its output lines with their arrival time. */
export async function spawnEngine(args: {
  nodeArgs: (port: number) => string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}): Promise<Spawned> {
  const port = await freePort();
  const t0 = performance.now();
  const child = startChild({
    nodeArgs: args.nodeArgs(port),
    env: { NODE_OPTIONS: '', ...args.env },
    ...(args.cwd ? { cwd: args.cwd } : {}),
  });
  const lines = new LogLines(child);
  const stop = async () => {
    const tree = snapshotTree(child.pid);
    await child.stop(10_000);
    killLeftovers(tree);
  };
  return { child, port, t0, lines, stop };
}

/** The child's stdout and stderr as lines, each with the `performance.now()` it arrived at. */
export class LogLines {
  private readonly seen: Array<{ t: number; line: string }> = [];
  private partial = '';

  constructor(private readonly child: BenchChild) {
    const take = (chunk: Buffer) => {
      const t = performance.now();
      const text = this.partial + chunk.toString();
      const parts = text.split('\n');
      this.partial = parts.pop() ?? '';
      for (const line of parts) this.seen.push({ t, line });
      if (this.seen.length > 20_000) this.seen.splice(0, 10_000);
    };
    child.proc.stdout?.on('data', take);
    child.proc.stderr?.on('data', take);
  }

  /** Time of the first line matching `re` that arrived after `after`; waits up to `timeoutMs`. */
  waitFor(re: RegExp, after: number, timeoutMs: number, what: string): Promise<number> {
    return pollUntil({
      child: this.child,
      what,
      timeoutMs,
      intervalMs: 5,
      check: () => Promise.resolve(this.seen.find((l) => l.t > after && re.test(l.line))?.t),
    });
  }
}

/** Limit of one poll request: a server that accepted the connection but does not answer yet. */
export const POLL_TIMEOUT_MS = 5_000;

/** GETs `url` until it answers 200; resolves with the `performance.now()` of that answer. */
export function waitForOk(child: BenchChild, url: string, timeoutMs: number): Promise<number> {
  return pollUntil({
    child,
    what: `a 200 from ${url}`,
    timeoutMs,
    intervalMs: 10,
    check: async () => {
      const ok = await fetch(url, { signal: AbortSignal.timeout(POLL_TIMEOUT_MS) }).then(
        async (r) => {
          await r.arrayBuffer();
          return r.ok;
        },
        () => false,
      );
      return ok ? performance.now() : undefined;
    },
  });
}

/** JSON of a GET that must answer 200 within `timeoutMs`. */
export async function getJson(url: string, timeoutMs: number): Promise<unknown> {
  const r = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!r.ok) throw new Error(`GET ${url} answered ${r.status}: ${await r.text()}`);
  return r.json();
}

/**
 * POSTs JSON (serialised before the clock starts) and returns the status, the body text, the
 * `performance.now()` `t` just before the request and the ms from `t` until the body was read.
 */
export async function postJson(args: {
  url: string;
  body: unknown;
  headers?: Record<string, string>;
  timeoutMs: number;
}): Promise<{ status: number; text: string; ms: number; t: number }> {
  const payload = JSON.stringify(args.body);
  const t = performance.now();
  const r = await fetch(args.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...args.headers },
    body: payload,
    signal: AbortSignal.timeout(args.timeoutMs),
  });
  const text = await r.text();
  return { status: r.status, text, ms: performance.now() - t, t };
}
