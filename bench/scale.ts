/**
 * `npm run bench:scale`: Millwright and Node-RED side by side in one run, each started through its
 * real CLI and driven through its admin API, with stored flows from 0 to 100 and deploys into 20
 * flows and into one 1,000-node flow. Prints a table of medians and writes every sample to
 * `bench/.out/scale.json`. What each row measures: bench/README.md, "Scale".
 *
 *   --flows 0,1,20,100              stored small flows for the start-up rows (c)
 *   --runs N                        repetitions, medians reported (default 3)
 *   --only millwright|node-red      one engine only
 *   --timeout S                     limit for each wait (start, all running, one deploy), default 120
 *   --no-deploy                     start-up rows only (no d rows)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Flow } from '@millwright/model';
import type { DeployTiming, EngineProcess } from './scale/engine.js';
import {
  BIG_CHAINS,
  BIG_FLOW_ID,
  millwrightFlow,
  nodeRedTab,
  smallFlowId,
  withMillwrightTopic,
  withNodeRedTopic,
  type NodeRedEntry,
} from './scale/flows.js';
import { prepareMillwrightDataDir, startMillwright } from './scale/millwright.js';
import { startNodeRed } from './scale/node-red.js';
import { emptySamples, formatTable, median, record, type EngineName, type Row, type Samples } from './scale/report.js';

const OUT = fileURLToPath(new URL('./.out/', import.meta.url));
const require = createRequire(import.meta.url);
const NODE_RED_VERSION = (require('node-red/package.json') as { version: string }).version;

/** Flows in the deploy rows' runtime, and the flow changed there. */
const DEPLOY_FLOWS = 20;
const CHANGED_FLOW = smallFlowId(10);
/** Wait after the flows run before a deploy, and before reading the RSS. */
const SETTLE_MS = 1_000;
const RSS_AFTER_MS = 5_000;

const { values } = parseArgs({
  options: {
    flows: { type: 'string', default: '0,1,20,100' },
    runs: { type: 'string', default: '3' },
    only: { type: 'string' },
    timeout: { type: 'string', default: '120' },
    'no-deploy': { type: 'boolean', default: false },
  },
});
const COUNTS = values.flows.split(',').map((s) => Number(s.trim()));
const RUNS = Number(values.runs);
const TIMEOUT_MS = Number(values.timeout) * 1000;
const DEPLOYS = !values['no-deploy'];
if (COUNTS.some((n) => !Number.isInteger(n) || n < 0) || !(RUNS >= 1) || !(TIMEOUT_MS > 0))
  throw new Error('usage: --flows 0,1,20,100 --runs N --timeout S (non-negative integers, N >= 1)');
if (values.only !== undefined && values.only !== 'millwright' && values.only !== 'node-red')
  throw new Error('--only takes millwright or node-red');
const ENGINES: EngineName[] = values.only ? [values.only] : ['millwright', 'node-red'];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const flowsLabel = (n: number) => `${n} flow${n === 1 ? '' : 's'}`;
const ROWS: Row[] = [
  ...COUNTS.flatMap((n): Row[] => [
    { key: `c.${n}.http`, label: `c ${flowsLabel(n)}: start -> first admin API 200`, unit: 'ms' },
    { key: `c.${n}.running`, label: `c ${flowsLabel(n)}: start -> all flows running`, unit: 'ms' },
    { key: `c.${n}.rss`, label: `c ${flowsLabel(n)}: RSS process tree, +5 s`, unit: 'MB' },
    { key: `c.${n}.pss`, label: `c ${flowsLabel(n)}: PSS process tree, +5 s`, unit: 'MB' },
  ]),
  ...(DEPLOYS
    ? ([
        // Measured on the runtime that takes the nodes deploy (the same process, before it).
        { key: 'big.running', label: 'c 1 flow of 1,000 nodes: start -> running', unit: 'ms' },
        { key: 'big.rss', label: 'c 1 flow of 1,000 nodes: RSS process tree, +5 s', unit: 'MB' },
        { key: 'big.pss', label: 'c 1 flow of 1,000 nodes: PSS process tree, +5 s', unit: 'MB' },
        { key: 'd.flows.answer', label: `d 1 of ${DEPLOY_FLOWS} flows changed (flows): answer`, unit: 'ms' },
        { key: 'd.flows.running', label: `d 1 of ${DEPLOY_FLOWS} flows changed (flows): running`, unit: 'ms' },
        { key: 'd.nodes.answer', label: 'd 1 node of 1,000 changed (nodes): answer', unit: 'ms' },
        { key: 'd.nodes.running', label: 'd 1 node of 1,000 changed (nodes): running', unit: 'ms' },
        { key: 'd.full.answer', label: `d ${DEPLOY_FLOWS} flows unchanged (full): answer`, unit: 'ms' },
        { key: 'd.full.running', label: `d ${DEPLOY_FLOWS} flows unchanged (full): running`, unit: 'ms' },
      ] satisfies Row[])
    : []),
];

/** Everything one engine needs to start with a given set of stored flows. */
interface Setup {
  millwright: { template: string };
  nodeRed: NodeRedEntry[];
}

/** Millwright's deploy answers, to show what it restarted. */
const changesSeen: Record<string, Array<NonNullable<DeployTiming['changes']>>> = {};

async function main(): Promise<void> {
  const base = mkdtempSync(join(tmpdir(), 'mw-bench-scale-'));
  process.on('exit', () => rmSync(base, { recursive: true, force: true }));
  await warmUpFetch();
  const load = [loadavg()[0] ?? 0];

  // Stored flows, built once: Millwright's through `millwright import` into a template data dir.
  const small = (n: number) => Array.from({ length: n }, (_, i) => smallFlowId(i));
  const setups = new Map<string, Setup>();
  const setup = (key: string, mw: Flow[], nr: NodeRedEntry[]) => {
    const template = join(base, `template-${key}`);
    if (ENGINES.includes('millwright')) prepareMillwrightDataDir(template, mw);
    setups.set(key, { millwright: { template }, nodeRed: nr });
  };
  for (const n of new Set([...COUNTS, ...(DEPLOYS ? [DEPLOY_FLOWS] : [])]))
    setup(
      `small-${n}`,
      small(n).map((id) => millwrightFlow(id)),
      small(n).flatMap((id) => nodeRedTab(id)),
    );
  if (DEPLOYS) setup('big', [millwrightFlow(BIG_FLOW_ID, BIG_CHAINS)], nodeRedTab(BIG_FLOW_ID, BIG_CHAINS));

  const samples = emptySamples();
  let seq = 0;
  /** Starts the engine on a fresh copy of `key`'s flows, runs `body`, always stops it and removes its dir. */
  const withEngine = async (engine: EngineName, key: string, body: (p: EngineProcess) => Promise<void>) => {
    const s = setups.get(key);
    if (!s) throw new Error(`no setup ${key}`);
    const dir = join(base, `run-${seq++}-${engine}-${key}`);
    const p = await (engine === 'millwright'
      ? startMillwright({ template: s.millwright.template, dataDir: dir, timeoutMs: TIMEOUT_MS })
      : startNodeRed({ userDir: dir, flows: s.nodeRed, timeoutMs: TIMEOUT_MS }));
    try {
      await body(p);
    } finally {
      await p.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  };

  for (let run = 0; run < RUNS; run++) {
    // Alternate which engine goes first, so load from other processes spreads over both.
    const order = run % 2 ? [...ENGINES].reverse() : ENGINES;
    for (const n of COUNTS)
      for (const engine of order)
        await withEngine(engine, `small-${n}`, async (p) => {
          const http = await p.firstAnswer();
          const running = await p.allRunning(n);
          await sleep(RSS_AFTER_MS);
          const rss = p.rssMb();
          record(samples, engine, `c.${n}.pss`, p.pssMb());
          record(samples, engine, `c.${n}.http`, http);
          record(samples, engine, `c.${n}.running`, running);
          record(samples, engine, `c.${n}.rss`, rss);
          progress(
            run,
            engine,
            `${n} flows`,
            `${http.toFixed(0)} ms to HTTP, ${running.toFixed(0)} ms to running, ${rss.toFixed(0)} MB`,
          );
        });
    if (!DEPLOYS) continue;
    for (const engine of order) {
      await withEngine(engine, `small-${DEPLOY_FLOWS}`, async (p) => {
        await p.allRunning(DEPLOY_FLOWS);
        await sleep(SETTLE_MS);
        const flows = await p.readFlows();
        const full = await p.deploy(flows, 'full');
        note(engine, 'full', full.changes);
        await sleep(SETTLE_MS);
        const changed =
          engine === 'millwright'
            ? (flows as Flow[]).map((f) => (f.id === CHANGED_FLOW ? withMillwrightTopic(f, `changed-${run}`) : f))
            : withNodeRedTopic(flows as NodeRedEntry[], CHANGED_FLOW, `changed-${run}`);
        const one = await p.deploy(changed, 'flows', CHANGED_FLOW);
        note(engine, 'flows', one.changes, CHANGED_FLOW);
        record(samples, engine, 'd.full.answer', full.answerMs);
        record(samples, engine, 'd.full.running', full.runningMs);
        record(samples, engine, 'd.flows.answer', one.answerMs);
        record(samples, engine, 'd.flows.running', one.runningMs);
        progress(run, engine, `deploys into ${DEPLOY_FLOWS} flows`, `full ${ms(full)}, flows ${ms(one)}`);
      });
      await withEngine(engine, 'big', async (p) => {
        const running = await p.allRunning(1);
        await sleep(RSS_AFTER_MS);
        const rss = p.rssMb();
        record(samples, engine, 'big.pss', p.pssMb());
        record(samples, engine, 'big.running', running);
        record(samples, engine, 'big.rss', rss);
        const flows = await p.readFlows();
        const chain = Math.floor(BIG_CHAINS / 2);
        const changed =
          engine === 'millwright'
            ? (flows as Flow[]).map((f) => withMillwrightTopic(f, `changed-${run}`, chain))
            : withNodeRedTopic(flows as NodeRedEntry[], BIG_FLOW_ID, `changed-${run}`, chain);
        const d = await p.deploy(changed, 'nodes', BIG_FLOW_ID);
        note(engine, 'nodes', d.changes, BIG_FLOW_ID);
        record(samples, engine, 'd.nodes.answer', d.answerMs);
        record(samples, engine, 'd.nodes.running', d.runningMs);
        progress(
          run,
          engine,
          '1 flow of 1,000 nodes',
          `${running.toFixed(0)} ms to running, ${rss.toFixed(0)} MB, nodes deploy ${ms(d)}`,
        );
      });
    }
  }
  load.push(loadavg()[0] ?? 0);

  const title = `bench:scale, median of ${RUNS} run(s), ${cpus().length} cores, load average ${load
    .map((l) => l.toFixed(2))
    .join(' -> ')}, ${new Date().toISOString()}`;
  console.log(`\n${formatTable({ title, rows: ROWS, samples, nodeRedLabel: `node-red ${NODE_RED_VERSION}` })}`);
  for (const line of changeNotes()) console.log(line);
  mkdirSync(OUT, { recursive: true });
  writeFileSync(
    join(OUT, 'scale.json'),
    JSON.stringify(
      {
        date: new Date().toISOString(),
        node: process.version,
        nodeRed: NODE_RED_VERSION,
        cores: cpus().length,
        loadAverage: load,
        runs: RUNS,
        flows: COUNTS,
        rows: ROWS.map((r) => ({
          ...r,
          millwright: medianOf(samples, 'millwright', r.key),
          nodeRed: medianOf(samples, 'node-red', r.key),
        })),
        samples,
        millwrightChanges: changesSeen,
      },
      null,
      2,
    ),
  );
  console.log(`\nevery sample: ${join(OUT, 'scale.json')}`);
}

function medianOf(samples: Samples, engine: EngineName, key: string): number | null {
  const m = median(samples[engine][key] ?? []);
  return Number.isNaN(m) ? null : m;
}

function ms(d: { answerMs: number; runningMs: number }): string {
  return `${d.answerMs.toFixed(0)}/${d.runningMs.toFixed(0)} ms`;
}

function progress(run: number, engine: EngineName, what: string, figures: string): void {
  console.error(`run ${run + 1}/${RUNS} ${engine.padEnd(10)} ${what}: ${figures}`);
}

/**
 * Keeps Millwright's deploy answer for the notes under the table. A deploy that was meant to change
 * `changed` but neither restarted nor updated it measured nothing: that fails the bench.
 */
function note(engine: EngineName, mode: string, changes: DeployTiming['changes'], changed?: string): void {
  if (engine !== 'millwright' || !changes) return;
  (changesSeen[mode] ??= []).push(changes);
  if (changed && ![...changes.restarted, ...changes.updated].includes(changed))
    throw new Error(`Millwright's ${mode} deploy did not touch ${changed}: ${JSON.stringify(changes)}`);
}

/** One line per deploy mode: what Millwright's answers said it started, restarted, updated, stopped. */
function changeNotes(): string[] {
  return Object.entries(changesSeen).map(([mode, list]) => {
    const kinds = ['started', 'restarted', 'updated', 'stopped'] as const;
    const seen = kinds.map((k) => {
      const ids = [...new Set(list.flatMap((c) => c[k]))];
      return `${k} ${ids.length ? ids.join(',') : '-'}`;
    });
    return `millwright ${mode} deploy answers (${list.length}): ${seen.join('; ')}`;
  });
}

/** The bench's first fetch loads undici; do it once here so neither engine's first poll pays for it. */
async function warmUpFetch(): Promise<void> {
  const srv = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await (await fetch(`http://127.0.0.1:${port}/`)).text();
  await fetch(`http://127.0.0.1:1/`).catch(() => undefined);
  await new Promise((r) => srv.close(r));
}

await main();
