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
  messages: number;
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

/** A finite number at `obj[key]`, or undefined: for reports read from files and IPC. */
export function numberAt(obj: unknown, key: string): number | undefined {
  if (typeof obj !== 'object' || obj === null) return undefined;
  const v: unknown = Reflect.get(obj, key);
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
