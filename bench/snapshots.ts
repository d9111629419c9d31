/**
 * `npm run bench:snapshots`: what the deploy history costs and how fast its operations are, on
 * the demo plant's flows (two runtimes in this process, flows in-process, data dirs in tmp).
 * Prints: snapshot file size; deploy latency p50/p95 over 60 deploys (each records a snapshot,
 * 50 kept); GET /api/snapshots with 50 kept; one snapshot; a diff against the deployed flows;
 * a rollback; and a promotion to the second runtime gated on the demo plant's flow tests.
 *
 *   --deploys N   deploys measured (default 60)
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Flow, PromoteResult, RollbackResponse, SnapshotsResponse } from '@millwright/model';
import pino from 'pino';
import { createRuntime, type Runtime } from '../runtime/src/runtime.js';
import { readTests } from '../runtime/src/snapshots/snapshot-tests.js';
import { readFlowFiles } from '../runtime/src/storage/flow-files.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values: opts } = parseArgs({ options: { deploys: { type: 'string', default: '60' } } });
const DEPLOYS = Number(opts.deploys);
const DEMO = join(ROOT, 'flows/demo-plant');

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
const ms = (n: number) => `${n.toFixed(1)} ms`;

async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const r = await f();
  return [r, performance.now() - t0];
}

async function start(): Promise<{ runtime: Runtime; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'mw-bench-snapshots-'));
  const runtime = await createRuntime({
    dataDir: dir,
    port: 0,
    isolation: 'in-process',
    logger: pino({ level: 'silent' }),
    env: {},
    outboundAllow: ['127.0.0.1'],
  });
  await runtime.start();
  return { runtime, dir };
}

async function api<T>(url: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

const flows = (await readFlowFiles([DEMO])).map((f) => f.value as Flow);
const tests = await readTests([DEMO]);
const [dev, prod] = [await start(), await start()];
try {
  const url = dev.runtime.url;
  const deployMs: number[] = [];
  let first = '';
  for (let i = 0; i < DEPLOYS; i++) {
    // Each deploy renames one flow: a real change, so every deploy is a new revision.
    const changed = flows.map((f, k) => (k === 0 ? { ...f, name: `${f.name} #${i}` } : f));
    const [r, t] = await timed(() =>
      api<{ revision: string }>(url, 'POST', '/api/flows', {
        flows: changed,
        mode: 'flows',
        message: `bench ${i}`,
        tests,
      }),
    );
    deployMs.push(t);
    if (i === Math.max(0, DEPLOYS - 50)) first = r.revision;
  }
  const history = join(dev.dir, 'flows-history');
  const files = readdirSync(history);
  const sizes = files.map((f) => statSync(join(history, f)).size);
  // Facts are cached as snapshots are written; after a restart the first list reads every file once.
  const [list, listMs] = await timed(() => api<SnapshotsResponse>(url, 'GET', '/api/snapshots'));
  const [, warmMs] = await timed(() => api<SnapshotsResponse>(url, 'GET', '/api/snapshots'));
  const [, oneMs] = await timed(() => api(url, 'GET', `/api/snapshots/${first}`));
  const [, diffMs] = await timed(() => api(url, 'GET', `/api/snapshots/${first}/diff/current`));
  const [rolled, rollbackMs] = await timed(() =>
    api<RollbackResponse>(url, 'POST', `/api/snapshots/${first}/rollback`, { message: 'bench' }),
  );
  // (the rollback's own snapshot pushed the oldest, `first`, out of the 50 kept)
  const [promoted, promoteMs] = await timed(() =>
    api<PromoteResult>(url, 'POST', `/api/snapshots/${rolled.snapshot.id}/promote`, { target: prod.runtime.url }),
  );
  const cases = promoted.tests ? promoted.tests.passed + promoted.tests.failed : 0;
  if (!promoted.promoted) console.log((promoted.report ?? []).join('\n'));
  console.log(
    `demo plant: ${flows.length} flows, ${flows.reduce((n, f) => n + f.nodes.length, 0)} nodes, ${Object.keys(tests).length} tests files`,
  );
  console.log(
    `snapshot file: ${(pct(sizes, 0.5) / 1024).toFixed(1)} kB (${files.length} kept after ${DEPLOYS} deploys, keep 50)`,
  );
  console.log(`deploy with snapshot: p50 ${ms(pct(deployMs, 0.5))}, p95 ${ms(pct(deployMs, 0.95))}`);
  console.log(
    `GET /api/snapshots (${list.snapshots.length}): first ${ms(listMs)}, then ${ms(warmMs)}; one snapshot: ${ms(oneMs)}; diff to current: ${ms(diffMs)}`,
  );
  console.log(`rollback: ${ms(rollbackMs)}`);
  console.log(
    `promote (gate: ${cases} flow test cases on the target, then deploy): ${ms(promoteMs)}, promoted ${promoted.promoted}${promoted.reason ? ` (${promoted.reason})` : ''}`,
  );
} finally {
  for (const r of [dev, prod]) {
    await r.runtime.stop();
    rmSync(r.dir, { recursive: true, force: true });
  }
}
