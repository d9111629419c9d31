import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Flow } from '@millwright/model';
import type { RuntimeSettings } from '../storage/settings-store.js';

const BIN = fileURLToPath(new URL('../../bin/millwright.js', import.meta.url));

/**
 * A `millwright start` process (compiled dist/, pool isolation) in a temp data dir with the given
 * settings.json, for tests and benches that measure what the main process holds: its RSS, the
 * bytes it logs, how long its deploys take. Build first (`node scripts/build.mjs --no-editor`).
 */
export interface AttackRuntime {
  url: string;
  pid: number;
  /** Bytes the runtime wrote to stdout and stderr so far (its log). */
  logBytes(): number;
  /** The last `n` characters of its output, for failure messages and checks. */
  tail(n?: number): string;
  /** Resident set size of the runtime's main process, MB (from /proc). */
  rssMb(): number;
  /** POSTs the flows (a full deploy); resolves with the HTTP status, body and how long it took. */
  deploy(flows: Flow[]): Promise<{ status: number; body: unknown; ms: number }>;
  get(path: string): Promise<string>;
  close(): Promise<void>;
}

export async function startAttackRuntime(settings: Partial<RuntimeSettings> = {}): Promise<AttackRuntime> {
  const dataDir = await mkdtemp(join(tmpdir(), 'mw-attack-'));
  await writeFile(join(dataDir, 'settings.json'), JSON.stringify(settings));
  const child: ChildProcess = spawn(
    process.execPath,
    [BIN, 'start', '--no-demo', '--port', '0', '--data-dir', dataDir],
    {
      env: { ...process.env, MILLWRIGHT_TOKEN: '', NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let bytes = 0;
  let tail = '';
  const take = (d: Buffer): void => {
    bytes += d.length;
    tail = (tail + d.toString('utf8')).slice(-200_000);
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Never outlive the test or bench that started it.
  const reap = (): void => void child.kill('SIGKILL');
  process.once('exit', reap);
  void exited.then(() => process.off('exit', reap));
  const close = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    await rm(dataDir, { recursive: true, force: true });
  };
  let url = '';
  for (const end = Date.now() + 30_000; !url; await new Promise((r) => setTimeout(r, 50))) {
    url = /"url":"(http:\/\/127\.0\.0\.1:\d+)","msg":"runtime listening"/.exec(tail)?.[1] ?? '';
    if (child.exitCode !== null || Date.now() > end) {
      await close();
      throw new Error(`runtime did not start:\n${tail.slice(-4_000)}`);
    }
  }
  const pid = child.pid!;
  return {
    url,
    pid,
    logBytes: () => bytes,
    tail: (n = 4_000) => tail.slice(-n),
    rssMb() {
      const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      return Number(kb) / 1024;
    },
    async deploy(flows) {
      const t0 = performance.now();
      const res = await fetch(`${url}/api/flows`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ flows }),
      });
      const text = await res.text();
      const ms = performance.now() - t0;
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status: res.status, body, ms };
    },
    async get(path) {
      return (await fetch(`${url}${path}`)).text();
    },
    close,
  };
}

/** Waits until every flow in `flowIds` runs (per /healthz); throws with the runtime's output after `timeoutMs`. */
export async function waitRunning(rt: AttackRuntime, flowIds: readonly string[], timeoutMs = 30_000): Promise<void> {
  for (const end = Date.now() + timeoutMs; ; await new Promise((r) => setTimeout(r, 100))) {
    const health = JSON.parse(await rt.get('/healthz')) as { flows?: Array<{ flowId: string; state: string }> };
    const running = new Set(health.flows?.filter((f) => f.state === 'running').map((f) => f.flowId));
    if (flowIds.every((id) => running.has(id))) return;
    if (Date.now() > end) throw new Error(`flows ${flowIds.join(', ')} not running:\n${rt.tail()}`);
  }
}

/** Largest RSS of the runtime seen while `during` runs, sampled every 50 ms. */
export async function peakRss(rt: AttackRuntime, during: () => Promise<void>): Promise<number> {
  let peak = rt.rssMb();
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, rt.rssMb());
    } catch {
      // the process is gone: the caller's checks say so
    }
  }, 50);
  try {
    await during();
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, rt.rssMb());
}

/** Sum of a Prometheus metric's series whose labels contain `match` (e.g. `node="warn"`). */
export function metricSum(text: string, name: string, match = ''): number {
  let sum = 0;
  for (const line of text.split('\n'))
    if ((line.startsWith(`${name}{`) || line.startsWith(`${name} `)) && line.includes(match))
      sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  return sum;
}

type NodeSpec = [string, string, Record<string, unknown>?];

/** A flow from `[id, type, config]` nodes and `[from, to, port?]` wires (positions laid out in a row). */
export function attackFlow(id: string, nodes: NodeSpec[], wires: Array<[string, string, number?]> = []): Flow {
  return {
    version: 1,
    id,
    name: id,
    nodes: nodes.map(([nodeId, type, config], i) => ({
      id: nodeId,
      type,
      typeVersion: 1,
      config: config ?? {},
      position: { x: 100 + 200 * i, y: 100 },
    })),
    wires: wires.map(([from, to, port]) => ({ from: { node: from, port: port ?? 0 }, to: { node: to, port: 0 } })),
  };
}

/** An inject node every `intervalMs` feeding a function node with `code`; errors go to a catch node. */
export function tickingFunction(id: string, intervalMs: number, code: string): Flow {
  return attackFlow(
    id,
    [
      [`${id}-tick`, 'inject', { repeat: 'interval', intervalMs, payloadType: 'number', payload: '1' }],
      [`${id}-fn`, 'function', { code }],
      [`${id}-catch`, 'catch', {}],
    ],
    [[`${id}-tick`, `${id}-fn`]],
  );
}

/** Issue 19, attack 1: a function node filling global context in a loop (`size` characters per key). */
export function globalFiller(id: string, size: number, intervalMs = 100): Flow {
  return tickingFunction(
    id,
    intervalMs,
    `let n = context.get('n') || 0;
for (let i = 0; i < 20; i++) { n++; context.set('n', n); global.set('${id}-k' + n, 'x'.repeat(${size})); }
return null;`,
  );
}

/** Issue 19, attack 6: `node.warn` of `size` characters every `intervalMs`, plus a node warning 1,000 times per tick. */
export function logFlood(id: string, size = 4_000_000, intervalMs = 50): Flow[] {
  return [
    tickingFunction(`${id}-big`, intervalMs, `node.warn('x'.repeat(${size})); return null;`),
    tickingFunction(`${id}-many`, intervalMs, `for (let i = 0; i < 1000; i++) node.warn('line ' + i); return null;`),
  ];
}

/**
 * Issue 19, attack 7: large debug values (a thousand strings of 10,000 characters, 10 MB) every
 * `intervalMs` into `debugNodes` debug nodes.
 */
export function debugFlood(id: string, intervalMs = 50, debugNodes = 3): Flow {
  const debug = Array.from({ length: debugNodes }, (_, i): NodeSpec => [`${id}-debug${i}`, 'debug', {}]);
  return attackFlow(
    id,
    [
      [`${id}-tick`, 'inject', { repeat: 'interval', intervalMs, payloadType: 'number', payload: '1' }],
      [
        `${id}-fn`,
        'function',
        { code: `msg.payload = Array.from({ length: 1000 }, () => 'x'.repeat(10000)); return msg;` },
      ],
      ...debug,
    ],
    [[`${id}-tick`, `${id}-fn`], ...debug.map(([d]): [string, string] => [`${id}-fn`, d])],
  );
}

/** A flow whose start never finishes: function initCode that awaits forever. */
export function neverStarting(id: string): Flow {
  return attackFlow(id, [
    [
      `${id}-fn`,
      'function',
      { code: 'return msg;', initCode: 'await new Promise(() => {});', asyncTimeoutMs: 3_600_000 },
    ],
  ]);
}
