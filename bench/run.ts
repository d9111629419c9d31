/**
 * `npm run bench`: throughput of a linear flow on Millwright and on Node-RED, side by side, in each
 * variant of `linear/variants.ts` (one table row each). See bench/README.md for the method. Options:
 *   --messages N   messages per burst, per flow (default 100000)
 *   --runs R       runs per variant and engine, a fresh child process each (default 3)
 *   --only E       millwright | node-red
 *   --variant V    comma-separated variant keys (default: all; see linear/variants.ts)
 *   --timeout S    limit for one run in seconds, start-up included (default 120)
 *   --profile      write V8 CPU profiles of the children to bench/.out/profiles/
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { RunOptions, RunResult } from './lib/run-result.js';
import { formatTable, summarize } from './lib/summary.js';
import { runMillwright } from './linear/millwright.js';
import { nodeRedVersion, runNodeRed } from './linear/node-red.js';
import { pickVariants } from './linear/variants.js';

const OUT_DIR = fileURLToPath(new URL('./.out/', import.meta.url));

interface Engine {
  key: 'millwright' | 'node-red';
  label: string;
  run(opts: RunOptions): Promise<RunResult>;
}

function options() {
  const { values } = parseArgs({
    options: {
      messages: { type: 'string', default: '100000' },
      runs: { type: 'string', default: '3' },
      only: { type: 'string' },
      timeout: { type: 'string', default: '120' },
      profile: { type: 'boolean', default: false },
      variant: { type: 'string' },
    },
  });
  const messages = Number(values.messages);
  const runs = Number(values.runs);
  const timeoutMs = Number(values.timeout) * 1000;
  if (!Number.isInteger(messages) || messages < 1) throw new Error('--messages must be a positive integer');
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a positive integer');
  if (!(timeoutMs > 0)) throw new Error('--timeout must be a positive number of seconds');
  if (values.only !== undefined && values.only !== 'millwright' && values.only !== 'node-red')
    throw new Error('--only must be "millwright" or "node-red"');
  const variants = pickVariants(values.variant);
  return { messages, runs, timeoutMs, only: values.only, profile: values.profile, variants };
}

async function main(): Promise<void> {
  const opts = options();
  const engines: Engine[] = [
    { key: 'millwright', label: 'millwright', run: runMillwright },
    { key: 'node-red', label: `node-red ${nodeRedVersion()}`, run: runNodeRed },
  ].filter((e): e is Engine => !opts.only || e.key === opts.only);
  await mkdir(OUT_DIR, { recursive: true });
  const cpuProfDir = opts.profile ? `${OUT_DIR}profiles` : undefined;
  const loadBefore = loadavg()[0] ?? 0;
  if (loadBefore > 1)
    process.stderr.write(
      `note: load average ${loadBefore.toFixed(1)} before start; other processes share the CPU, so absolute figures ` +
        'will be low and noisy (the ratio is steadier)\n',
    );
  const results = new Map(opts.variants.map((v) => [v, new Map<Engine, RunResult[]>(engines.map((e) => [e, []]))]));
  // Runs alternate between variants and engines so that a noisy neighbour on the shared cores hits all.
  for (let i = 0; i < opts.runs; i++) {
    for (const v of opts.variants) {
      for (const e of engines) {
        const r = await e.run({
          messages: opts.messages,
          flows: v.flows,
          withFunction: v.withFunction,
          timeoutMs: opts.timeoutMs,
          ...(cpuProfDir ? { cpuProfDir } : {}),
        });
        process.stderr.write(
          `  ${v.label}, ${e.label} run ${i + 1}: ${Math.round(r.msgsPerSec)} msgs/s, ${r.ms} ms, ` +
            `peak RSS ${r.peakRssMb.toFixed(0)} MB\n`,
        );
        results.get(v)?.get(e)?.push(r);
      }
    }
  }
  const rows = opts.variants.map((v) => ({
    variant: v,
    label: v.label,
    engines: engines.map((e) => summarize(e.label, results.get(v)?.get(e) ?? [])),
  }));
  const title =
    `linear flow, ${opts.messages} messages per flow, ${opts.runs} runs: ` +
    'msgs/s median (best), all flows together; peak RSS MB, highest run';
  console.log(formatTable({ title, rows }));
  const report = {
    flow: 'linear',
    messagesPerFlow: opts.messages,
    runs: opts.runs,
    date: new Date().toISOString(),
    node: process.version,
    cpus: availableParallelism(),
    loadAverageBefore: loadBefore,
    loadAverageAfter: loadavg()[0] ?? 0,
    rows: rows.map(({ variant, engines: summaries }) => {
      const [ours, peer] = summaries;
      return {
        ...variant,
        engines: Object.fromEntries(engines.map((e, k) => [e.key, summaries[k]])),
        ...(ours && peer
          ? {
              ratio: {
                best: ours.bestMsgsPerSec / peer.bestMsgsPerSec,
                median: ours.medianMsgsPerSec / peer.medianMsgsPerSec,
                peakRss: ours.peakRssMb / peer.peakRssMb,
              },
            }
          : {}),
      };
    }),
  };
  await writeFile(`${OUT_DIR}linear.json`, `${JSON.stringify(report, null, 2)}\n`);
  if (cpuProfDir) process.stderr.write(`CPU profiles in ${cpuProfDir}\n`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
