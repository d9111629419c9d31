import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pollUntil, startChild } from '../lib/child.js';
import { readProcessMemory } from '../lib/rss.js';
import { numberAt, toRunResult, type RunOptions, type RunResult } from '../lib/run-result.js';
import { nodeRedFlows, nodeRedSettings } from './node-red-flow.js';

const require = createRequire(import.meta.url);
const RED_JS = require.resolve('node-red/red.js');

/** The installed Node-RED version, for the table's label. */
export function nodeRedVersion(): string {
  return (require('node-red/package.json') as { version: string }).version;
}

/**
 * One run of the linear flow on Node-RED: a fresh userDir, `node red.js` as a child process
 * (headless, nothing listening), the result file polled, then the child's peak RSS read and
 * the child stopped.
 */
export async function runNodeRed(opts: RunOptions): Promise<RunResult> {
  const dir = await mkdtemp(join(tmpdir(), 'millwright-bench-nr-'));
  const resultFile = join(dir, 'result.json');
  const settingsFile = join(dir, 'settings.js');
  const flowsFile = join(dir, 'flows.json');
  await writeFile(settingsFile, nodeRedSettings(dir));
  await writeFile(
    flowsFile,
    JSON.stringify(nodeRedFlows({ messages: opts.messages, resultFile, lifetimeMs: opts.timeoutMs + 30_000 })),
  );
  const profile = opts.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', opts.cpuProfDir] : [];
  const child = startChild({
    nodeArgs: [...profile, RED_JS, '--settings', settingsFile, '--userDir', dir, '--no-telemetry', flowsFile],
    env: { NODE_RED_DISABLE_TELEMETRY: '1' },
    cwd: dir,
  });
  try {
    const result = await pollUntil({
      child,
      what: `Node-RED's result file ${resultFile}`,
      timeoutMs: opts.timeoutMs,
      check: async () => {
        const text = await readFile(resultFile, 'utf8').catch(() => '');
        let parsed: unknown;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          return undefined; // caught mid-write: poll again
        }
        const count = numberAt(parsed, 'count');
        const ms = numberAt(parsed, 'ms');
        return count === undefined || ms === undefined ? undefined : { count, ms };
      },
    });
    const mem = await readProcessMemory(child.pid);
    return toRunResult({ count: result.count, ms: result.ms, expected: opts.messages, peakRssMb: mem.peakRssMb });
  } finally {
    await child.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
