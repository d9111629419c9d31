/**
 * `npm run bench:soak`: holds a demo-like flow at a steady message rate for a while and samples
 * memory, to show whether it stays flat. See bench/README.md ("Soak"). Options:
 *   --minutes M   run length (default 10)
 *   --rate R      messages per second at the source (default 10000)
 *   --sample S    seconds between samples (default 10)
 *   --limit L     growth in MB/min still called flat (default 1)
 * Prints one line per sample, then a table and the verdict; writes bench/.out/soak.json.
 * Run with --expose-gc (as the script does) so heaps are sampled after a full collection.
 * Exits 0 when memory stayed flat, 1 when it grew, 2 on a failure. It stops by itself.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { DebugEvent, RuntimeEvent } from '@millwright/model';
import { FlowManager } from '../runtime/src/engine/flow-manager.js';
import { EventBus } from '../runtime/src/events/event-bus.js';
import { loadNodeModules } from '../runtime/src/registry/load-node-modules.js';
import { SOAK_IDS, soakFlow } from './soak/soak-flow.js';
import type { ProbeReport } from './soak/soak-nodes.js';
import { verdict, type SoakSample } from './soak/soak-stats.js';

const OUT_DIR = fileURLToPath(new URL('./.out/', import.meta.url));
const PROBE_NODES = new URL('./soak/soak-nodes.ts', import.meta.url).href;
const NODE_MODULES = ['@millwright/nodes-core', '@millwright/nodes-mes', PROBE_NODES];
const MB = 1024 * 1024;

function options() {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string', default: '10' },
      rate: { type: 'string', default: '10000' },
      sample: { type: 'string', default: '10' },
      limit: { type: 'string', default: '1' },
    },
  });
  const o = {
    minutes: Number(values.minutes),
    rate: Number(values.rate),
    sampleS: Number(values.sample),
    limit: Number(values.limit),
  };
  for (const [k, v] of Object.entries(o)) if (!(v > 0)) throw new Error(`--${k} must be a positive number`);
  return o;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fmt = (n: number, d = 1) => n.toFixed(d).padStart(8);

function probeOnce(bus: EventBus, manager: FlowManager): Promise<ProbeReport> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error('the probe did not answer within 30 s'));
    }, 30_000);
    const off = bus.on((e: RuntimeEvent) => {
      if (e.type !== 'debug' || e.nodeId !== SOAK_IDS.probe) return;
      clearTimeout(timer);
      off();
      resolve((e as DebugEvent).value as ProbeReport);
    });
    manager.inject(SOAK_IDS.probe).catch((err: unknown) => {
      clearTimeout(timer);
      off();
      reject(err instanceof Error ? err : new Error(String(err)));
    });
  });
}

async function main(): Promise<number> {
  const opts = options();
  const bus = new EventBus();
  const errors = new Map<string, number>();
  bus.on((e) => {
    if (e.type === 'error') errors.set(e.error.code, (errors.get(e.error.code) ?? 0) + 1);
    if (e.type === 'flow-state' && e.state === 'crashed')
      errors.set('flow_crashed', (errors.get('flow_crashed') ?? 0) + 1);
  });
  const registry = await loadNodeModules(NODE_MODULES);
  const manager = new FlowManager({ registry, nodeModules: NODE_MODULES, bus, isolation: 'worker' });
  const loadBefore = loadavg()[0] ?? 0;
  const samples: SoakSample[] = [];
  const endAt = Date.now() + opts.minutes * 60_000;
  // Belt and braces: whatever hangs, the process ends.
  const hardStop = setTimeout(
    () => {
      process.stderr.write('soak: hard deadline passed, exiting\n');
      process.exit(2);
    },
    opts.minutes * 60_000 + 120_000,
  );
  hardStop.unref();
  try {
    await manager.deploy([soakFlow(opts.rate)], 'full');
    const t0 = Date.now();
    process.stderr.write(
      `soak: ${opts.minutes} min at ${opts.rate} msgs/s, a sample every ${opts.sampleS} s (load ${loadBefore.toFixed(1)})\n`,
    );
    process.stderr.write('     t s   rss MB  main heap  wkr heap    msgs/s   backlog\n');
    let prev = { t: 0, emitted: 0 };
    while (Date.now() < endAt) {
      await sleep(Math.min(opts.sampleS * 1000, Math.max(0, endAt - Date.now())));
      const report = await probeOnce(bus, manager);
      const stats = await manager.stats();
      const emitted = stats['soak']?.['reading']?.received ?? 0;
      (globalThis as { gc?: () => void }).gc?.();
      const mem = process.memoryUsage();
      const s: SoakSample = {
        t: (Date.now() - t0) / 1000,
        rssMb: mem.rss / MB,
        mainHeapMb: mem.heapUsed / MB,
        workerHeapMb: report.workerHeapUsedMb,
        emitted,
        sunk: report.count,
      };
      samples.push(s);
      const rate = (s.emitted - prev.emitted) / (s.t - prev.t);
      prev = s;
      process.stderr.write(
        `${fmt(s.t, 0)} ${fmt(s.rssMb)} ${fmt(s.mainHeapMb)}  ${fmt(s.workerHeapMb)}  ${fmt(rate, 0)}  ${fmt(s.emitted - s.sunk, 0)}\n`,
      );
    }
  } finally {
    await manager.stop();
    clearTimeout(hardStop);
  }
  const v = verdict(samples, opts.limit);
  const first = samples[Math.floor(samples.length * 0.2)];
  const last = samples.at(-1);
  console.log(`\nsoak: ${opts.minutes} min, target ${opts.rate} msgs/s, ${samples.length} samples`);
  console.log('                     after warm-up   at end    slope MB/min');
  const row = (label: string, pick: (s: SoakSample) => number, slopeV: number) =>
    console.log(
      `${label.padEnd(20)} ${fmt(first ? pick(first) : 0)}   ${fmt(last ? pick(last) : 0)}   ${fmt(slopeV, 2)}`,
    );
  row('RSS (process)', (s) => s.rssMb, v.rssMbPerMin);
  row('heap main thread', (s) => s.mainHeapMb, v.mainHeapMbPerMin);
  row('heap flow worker', (s) => s.workerHeapMb, v.workerHeapMbPerMin);
  console.log(
    `throughput ${v.emittedPerSec.toFixed(0)} msgs/s at the source, ${last?.emitted ?? 0} messages, backlog at end ${v.backlog}`,
  );
  console.log(`error events: ${errors.size ? JSON.stringify(Object.fromEntries(errors)) : 'none'}`);
  console.log(
    `verdict: memory ${v.flat ? 'FLAT' : 'GROWING'} (limit ${opts.limit} MB/min over the last 80 % of samples)`,
  );
  await mkdir(OUT_DIR, { recursive: true });
  await writeFile(
    `${OUT_DIR}soak.json`,
    `${JSON.stringify(
      {
        ...opts,
        date: new Date().toISOString(),
        node: process.version,
        cpus: availableParallelism(),
        loadAverageBefore: loadBefore,
        verdict: v,
        errors: Object.fromEntries(errors),
        samples,
      },
      null,
      2,
    )}\n`,
  );
  return v.flat ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(2);
  },
);
