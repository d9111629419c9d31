import { fileURLToPath } from 'node:url';
import { startChild } from '../lib/child.js';
import { treePeakRssMb } from '../lib/process-tree.js';
import { numberAt, toRunResult, type RunOptions, type RunResult } from '../lib/run-result.js';
import type { ChildReport } from './millwright-child.js';

const CHILD = fileURLToPath(new URL('./millwright-child.ts', import.meta.url));

/**
 * One run of the linear flow on Millwright: `millwright-child.ts` in a fresh process (FlowManager
 * with the runtime's default isolation, a pool of host processes), its report awaited over IPC,
 * then the peak RSS of its process tree read and the child stopped.
 */
export async function runMillwright(opts: RunOptions): Promise<RunResult> {
  const profile = opts.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', opts.cpuProfDir] : [];
  const child = startChild({
    nodeArgs: ['--no-node-snapshot', ...profile, '--import', 'tsx', CHILD, String(opts.messages)],
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
    return toRunResult({
      count: report.count,
      ms: report.ms,
      expected: opts.messages,
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
  const count = numberAt(m, 'count');
  const ms = numberAt(m, 'ms');
  if (count !== undefined && ms !== undefined) return { kind: 'result', count, ms };
  const message = typeof m === 'object' && m !== null ? Reflect.get(m, 'message') : undefined;
  return { kind: 'error', message: typeof message === 'string' ? message : `unexpected report ${JSON.stringify(m)}` };
}
