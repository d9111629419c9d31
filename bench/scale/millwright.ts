import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { Flow } from '@millwright/model';
import { pollUntil } from '../lib/child.js';
import { treePssMb, treeRssMb } from '../lib/process-tree.js';
import {
  getJson,
  POLL_TIMEOUT_MS,
  postJson,
  spawnEngine,
  waitForOk,
  type DeployTiming,
  type EngineProcess,
} from './engine.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'runtime/bin/millwright.js');

/** One entry of `GET /healthz`. */
interface HealthBody {
  status: string;
  flows: Array<{ flowId: string; state: string; restarts: number }>;
}

/**
 * Stores `flows` in a new data dir `template` with the real CLI (`millwright import`), once per flow
 * count; each run then starts from a copy of it ({@link startMillwright}), so import time is not
 * counted. Nothing is imported for zero flows.
 */
export function prepareMillwrightDataDir(template: string, flows: Flow[]): void {
  mkdirSync(template, { recursive: true });
  if (!flows.length) return;
  const files = `${template}-files`;
  mkdirSync(files, { recursive: true });
  for (const f of flows) writeFileSync(join(files, `${f.id}.flow.json`), JSON.stringify(f, null, 2));
  const r = spawnSync(process.execPath, ['--no-node-snapshot', BIN, 'import', files, '--data-dir', template], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
    timeout: 120_000,
  });
  if (r.status !== 0) throw new Error(`millwright import failed (${r.status}): ${r.stdout}${r.stderr}`);
}

/**
 * `millwright start --no-demo --port P --data-dir <copy of template>` (default isolation: `pool`),
 * as `npm start` runs it: the compiled CLI under `node --no-node-snapshot`.
 */
export async function startMillwright(args: {
  template: string;
  dataDir: string;
  timeoutMs: number;
}): Promise<EngineProcess> {
  cpSync(args.template, args.dataDir, { recursive: true });
  const s = await spawnEngine({
    nodeArgs: (port) => [
      '--no-node-snapshot',
      BIN,
      'start',
      '--no-demo',
      '--port',
      String(port),
      '--data-dir',
      args.dataDir,
    ],
    env: { MILLWRIGHT_TOKEN: '' },
    cwd: ROOT,
  });
  const url = `http://127.0.0.1:${s.port}`;
  const health = async (): Promise<HealthBody | undefined> => {
    const r = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(POLL_TIMEOUT_MS) }).catch(() => undefined);
    if (!r) return undefined;
    const body = (await r.json().catch(() => undefined)) as HealthBody | undefined;
    return body && Array.isArray(body.flows) ? body : undefined;
  };
  /** Polls /healthz until `ok` and `accept` holds for its flows; resolves with the `performance.now()`. */
  const healthyWhen = (accept: (flows: HealthBody['flows']) => boolean, what: string) =>
    pollUntil({
      child: s.child,
      what,
      timeoutMs: args.timeoutMs,
      intervalMs: 10,
      check: async () => {
        const h = await health();
        return h?.status === 'ok' && accept(h.flows) ? performance.now() : undefined;
      },
    });
  return {
    child: s.child,
    url,
    t0: s.t0,
    firstAnswer: async () => (await waitForOk(s.child, `${url}/api/flows`, args.timeoutMs)) - s.t0,
    allRunning: async (count) =>
      (await healthyWhen(
        (flows) => flows.length === count && flows.every((f) => f.state === 'running'),
        `${count} flows running in /healthz`,
      )) - s.t0,
    rssMb: () => treeRssMb(s.child.pid),
    pssMb: () => treePssMb(s.child.pid),
    readFlows: async () => {
      const body = (await getJson(`${url}/api/flows`, args.timeoutMs)) as { flows: Flow[] };
      return body.flows;
    },
    deploy: async (flows, mode, flowId): Promise<DeployTiming> => {
      const r = await postJson({ url: `${url}/api/flows`, body: { flows, mode }, timeoutMs: args.timeoutMs });
      if (r.status !== 200) throw new Error(`Millwright deploy (${mode}) answered ${r.status}: ${r.text}`);
      const changes = (JSON.parse(r.text) as { changes: DeployTiming['changes'] }).changes;
      const running = await healthyWhen(
        (list) => list.every((f) => f.state === 'running') && (!flowId || list.some((f) => f.flowId === flowId)),
        `flow ${flowId ?? '(all)'} running again after a ${mode} deploy`,
      );
      return { answerMs: r.ms, runningMs: running - r.t, ...(changes ? { changes } : {}) };
    },
    stop: s.stop,
  };
}
