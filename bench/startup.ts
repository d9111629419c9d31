/**
 * `npm run bench:startup`: what a user and plant IT notice first, Millwright and Node-RED side by
 * side in one run: cold start of CLI commands, and for an editor-serving runtime with no flows the
 * time until it answers HTTP and its idle RSS (the whole process tree).
 *
 *   --runs R      repetitions, medians reported (default 5)
 *   --node PATH   the node binary that runs the Millwright CLI (default: this one)
 *   --bin PATH    the millwright bin to measure (default: runtime/bin/millwright.js of this checkout),
 *                 e.g. an older checkout's, for before/after figures
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { treeRssMb } from './lib/process-tree.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const require = createRequire(import.meta.url);
const RED_JS = require.resolve('node-red/red.js');

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, node: { type: 'string' }, bin: { type: 'string' } },
});
const RUNS = Number(values.runs);
const NODE = values.node ?? process.execPath;
const BIN = values.bin ?? join(ROOT, 'runtime/bin/millwright.js');
// The old launcher re-ran itself under tsx; the current bin needs the flag its shebang passes.
const MW = [NODE, '--no-node-snapshot', BIN];

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};

/** Wall time of one run in ms; NaN when the command fails (e.g. --version on a CLI without it). */
function timeCommand(argv: string[]): number {
  const t = process.hrtime.bigint();
  const r = spawnSync(argv[0]!, argv.slice(1), {
    cwd: ROOT,
    stdio: 'ignore',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  return r.status === 0 ? Number(process.hrtime.bigint() - t) / 1e6 : NaN;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Starts a server, waits for `GET /` to answer 200, loads the page once, idles, reads the tree RSS. */
async function idleServer(argv: string[], port: number): Promise<{ upMs: number; rssMb: number }> {
  const t0 = Date.now();
  const child = spawn(argv[0]!, argv.slice(1), {
    cwd: ROOT,
    stdio: 'ignore',
    env: { ...process.env, NODE_OPTIONS: '', MILLWRIGHT_TOKEN: '', NODE_RED_DISABLE_TELEMETRY: '1' },
  });
  try {
    const url = `http://127.0.0.1:${port}/`;
    for (;;) {
      const ok = await fetch(url).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (child.exitCode !== null) throw new Error(`${argv.join(' ')} exited ${child.exitCode}`);
      if (Date.now() - t0 > 120_000) throw new Error(`${argv.join(' ')} did not answer within 120 s`);
      await new Promise((r) => setTimeout(r, 25));
    }
    const upMs = Date.now() - t0;
    await new Promise((r) => setTimeout(r, 5_000));
    return { upMs, rssMb: treeRssMb(child.pid!) };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
  }
}

async function main(): Promise<void> {
  const cli: Array<[string, string[]]> = [
    ['millwright --version', [...MW, '--version']],
    ['millwright --help', [...MW, '--help']],
    ['millwright validate flows/', [...MW, 'validate', ...validateArgs()]],
  ];
  const rows: string[] = [];
  for (const [label, argv] of cli) {
    const times = Array.from({ length: RUNS }, () => timeCommand(argv));
    const m = median(times);
    rows.push(`${label.padEnd(34)} ${Number.isNaN(m) ? '     n/a' : m.toFixed(0).padStart(8)} ms`);
  }
  const mw: Array<{ upMs: number; rssMb: number }> = [];
  const nr: Array<{ upMs: number; rssMb: number }> = [];
  for (let i = 0; i < RUNS; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'mw-bench-startup-'));
    try {
      let port = await freePort();
      mw.push(
        await idleServer([...MW, 'start', '--no-demo', '--port', String(port), '--data-dir', join(dir, 'mw')], port),
      );
      port = await freePort();
      nr.push(await idleServer([process.execPath, RED_JS, '-u', join(dir, 'nr'), '-p', String(port)], port));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const nrVersion = (require('node-red/package.json') as { version: string }).version;
  const line = (label: string, a: number, b: number, unit: string) =>
    `${label.padEnd(34)} ${a.toFixed(0).padStart(8)} ${unit.padEnd(3)} ${b.toFixed(0).padStart(8)} ${unit.padEnd(3)} ${(a / b).toFixed(2).padStart(6)}x`;
  console.log(`CLI cold start, median of ${RUNS} (${BIN}, ${spawnSync(NODE, ['--version']).stdout.toString().trim()})`);
  for (const r of rows) console.log(r);
  console.log(`\nruntime with no flows, median of ${RUNS}`);
  console.log(`${''.padEnd(34)} ${'millwright'.padStart(12)} ${`node-red ${nrVersion}`.padStart(12)}  ratio`);
  console.log(line('start to first HTTP 200', median(mw.map((r) => r.upMs)), median(nr.map((r) => r.upMs)), 'ms'));
  console.log(line('idle RSS, process tree', median(mw.map((r) => r.rssMb)), median(nr.map((r) => r.rssMb)), 'MB'));
}

/** Flow files under flows/ (old CLIs do not recurse into folders: give them the files). */
function validateArgs(): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(join(ROOT, d), { withFileTypes: true }))
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name.endsWith('.flow.json')) out.push(join(d, e.name));
  };
  walk('flows');
  return out;
}

await main();
