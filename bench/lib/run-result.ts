/** One measured run of a flow, whichever engine ran it. */
export interface RunResult {
  /** Messages the sink counted; the run only reports once it equals the requested count. */
  count: number;
  /** From the start of the burst to the N-th message at the sink. */
  ms: number;
  msgsPerSec: number;
  /** Peak RSS of the child process that ran the flow (VmHWM), MB. */
  peakRssMb: number;
}

/** Options every engine runner takes. */
export interface RunOptions {
  /** Messages in the burst of each flow. */
  messages: number;
  /** Independent copies of the flow, each its own flow (tab), all sent their burst at once. */
  flows: number;
  /** Whether each flow has the `payload * 2` function node between source and change. */
  withFunction: boolean;
  /** Upper bound for one run, start-up included. */
  timeoutMs: number;
  /** Write a V8 CPU profile of the child (and its workers) into this folder. */
  cpuProfDir?: string;
}

/** Builds a RunResult, refusing a sink count that does not match what was sent. */
export function toRunResult(args: { count: number; ms: number; expected: number; peakRssMb: number }): RunResult {
  if (args.count !== args.expected) throw new Error(`sink counted ${args.count} messages, expected ${args.expected}`);
  const ms = Math.max(args.ms, 1);
  return { count: args.count, ms, msgsPerSec: (args.count * 1000) / ms, peakRssMb: args.peakRssMb };
}

/** What one flow's counter reports: its count and, in epoch ms, when its burst started and its N-th message arrived. */
export interface FlowReport {
  count: number;
  start: number;
  end: number;
}

/**
 * The RunResult of `flows` flows run at once, one report each: every counter must have seen `perFlow`
 * messages, and the window spans the first start to the last end, so the rate is the aggregate.
 */
export function fromFlowReports(
  reports: readonly FlowReport[],
  args: { flows: number; perFlow: number; peakRssMb: number },
): RunResult {
  if (reports.length !== args.flows) throw new Error(`${reports.length} flow reports, expected ${args.flows}`);
  for (const [i, r] of reports.entries())
    if (r.count !== args.perFlow) throw new Error(`flow ${i} counted ${r.count} messages, expected ${args.perFlow}`);
  return toRunResult({
    count: reports.reduce((sum, r) => sum + r.count, 0),
    ms: Math.max(...reports.map((r) => r.end)) - Math.min(...reports.map((r) => r.start)),
    expected: args.flows * args.perFlow,
    peakRssMb: args.peakRssMb,
  });
}

/** A FlowReport read from an untyped report (file, IPC), or undefined. */
export function toFlowReport(obj: unknown): FlowReport | undefined {
  const count = numberAt(obj, 'count');
  const start = numberAt(obj, 'start');
  const end = numberAt(obj, 'end');
  return count === undefined || start === undefined || end === undefined ? undefined : { count, start, end };
}

/** A finite number at `obj[key]`, or undefined: for reports read from files and IPC. */
export function numberAt(obj: unknown, key: string): number | undefined {
  if (typeof obj !== 'object' || obj === null) return undefined;
  const v: unknown = Reflect.get(obj, key);
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
