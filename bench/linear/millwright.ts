import { fileURLToPath } from 'node:url';
import { startChild } from '../lib/child.js';
import { treePeakRssMb } from '../lib/process-tree.js';
import { fromFlowReports, toFlowReport, type FlowReport, type RunOptions, type RunResult } from '../lib/run-result.js';
import type { ChildReport } from './millwright-child.js';

const CHILD = fileURLToPath(new URL('./millwright-child.ts', import.meta.url));

/**
 * One run of the linear flow (`opts.flows` copies) on Millwright: `millwright-child.ts` in a fresh
 * process (FlowManager with the runtime's default isolation, a pool of host processes), its report
 * awaited over IPC, then the peak RSS of its process tree read and the child stopped.
 */
export async function runMillwright(opts: RunOptions): Promise<RunResult> {
  const profile = opts.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', opts.cpuProfDir] : [];
  const child = startChild({
    nodeArgs: [
      '--no-node-snapshot',
      ...profile,
      '--import',
      'tsx',
      CHILD,
      String(opts.messages),
      String(opts.flows),
      opts.withFunction ? '1' : '0',
    ],
    ipc: true,
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    const report = await new Promise<ChildReport>((resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`timed out after ${opts.timeoutMs} ms waiting for Millwright\n${child.tail()}`)),
        opts.timeoutMs,
      );
      child.proc.once('message', (m) => resolve(toReport(m)));
      void child.exited.then((code) =>
        reject(new Error(`Millwright child exited (code ${code}) before reporting\n${child.tail()}`)),
      );
    });
    if (report.kind === 'error') throw new Error(`Millwright run failed: ${report.message}\n${child.tail()}`);
    // The flow runs in the pool's host process, a child of this one: peak RSS of the whole tree.
    return fromFlowReports(report.flows, {
      flows: opts.flows,
      perFlow: opts.messages,
      peakRssMb: treePeakRssMb(child.pid),
    });
  } finally {
    clearTimeout(timer);
    // Ask for a graceful exit first (profiles are written on exit), then fall back to signals.
    if (child.proc.connected) child.proc.send({ kind: 'exit' });
    await Promise.race([child.exited, new Promise((r) => setTimeout(r, 10_000).unref())]);
    await child.stop();
  }
}

/** Narrows an IPC message from the child; anything unexpected becomes an error report. */
function toReport(m: unknown): ChildReport {
  const flows: unknown = typeof m === 'object' && m !== null ? Reflect.get(m, 'flows') : undefined;
  const reports = Array.isArray(flows) ? flows.map(toFlowReport) : [];
  if (reports.length && reports.every((r): r is FlowReport => r !== undefined))
    return { kind: 'result', flows: reports };
  const message = typeof m === 'object' && m !== null ? Reflect.get(m, 'message') : undefined;
  return { kind: 'error', message: typeof message === 'string' ? message : `unexpected report ${JSON.stringify(m)}` };
}
