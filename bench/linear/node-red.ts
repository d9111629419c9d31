import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pollUntil, startChild } from '../lib/child.js';
import { readProcessMemory } from '../lib/rss.js';
import { fromFlowReports, toFlowReport, type FlowReport, type RunOptions, type RunResult } from '../lib/run-result.js';
import { nodeRedFlows, nodeRedSettings } from './node-red-flow.js';

const require = createRequire(import.meta.url);
const RED_JS = require.resolve('node-red/red.js');

/** The installed Node-RED version, for the table's label. */
export function nodeRedVersion(): string {
  return (require('node-red/package.json') as { version: string }).version;
}

/**
 * One run of the linear flow (`opts.flows` tabs) on Node-RED: a fresh userDir, `node red.js` as a
 * child process (headless, nothing listening), every tab's result file polled, then the child's
 * peak RSS read and the child stopped.
 */
export async function runNodeRed(opts: RunOptions): Promise<RunResult> {
  const dir = await mkdtemp(join(tmpdir(), 'millwright-bench-nr-'));
  const resultFiles = Array.from({ length: opts.flows }, (_, i) => join(dir, `result-${i}.json`));
  const settingsFile = join(dir, 'settings.js');
  const flowsFile = join(dir, 'flows.json');
  await writeFile(settingsFile, nodeRedSettings(dir));
  await writeFile(
    flowsFile,
    JSON.stringify(
      nodeRedFlows({
        messages: opts.messages,
        withFunction: opts.withFunction,
        resultFiles,
        lifetimeMs: opts.timeoutMs + 30_000,
      }),
    ),
  );
  const profile = opts.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', opts.cpuProfDir] : [];
  const child = startChild({
    nodeArgs: [...profile, RED_JS, '--settings', settingsFile, '--userDir', dir, '--no-telemetry', flowsFile],
    env: { NODE_RED_DISABLE_TELEMETRY: '1' },
    cwd: dir,
  });
  try {
    const reports = await pollUntil({
      child,
      what: `Node-RED's result files ${resultFiles.join(', ')}`,
      timeoutMs: opts.timeoutMs,
      check: async () => {
        const found = await Promise.all(resultFiles.map(readReport));
        return found.every((r): r is FlowReport => r !== undefined) ? found : undefined;
      },
    });
    const mem = await readProcessMemory(child.pid);
    return fromFlowReports(reports, { flows: opts.flows, perFlow: opts.messages, peakRssMb: mem.peakRssMb });
  } finally {
    await child.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** A tab's result file once it is complete, else undefined (not written yet, or caught mid-write). */
async function readReport(file: string): Promise<FlowReport | undefined> {
  const text = await readFile(file, 'utf8').catch(() => '');
  try {
    return text ? toFlowReport(JSON.parse(text)) : undefined;
  } catch {
    return undefined;
  }
}
