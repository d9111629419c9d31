import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';

/** Every child still running, so an exit or a signal in the bench never leaves one behind. */
const live = new Set<ChildProcess>();
let hooked = false;

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    for (const c of live) c.kill('SIGKILL');
  });
  for (const sig of ['SIGINT', 'SIGTERM'] as const)
    process.on(sig, () => {
      for (const c of live) c.kill('SIGKILL');
      process.exit(130);
    });
}

/** A benchmark child with the tail of its output kept for error messages. */
export interface BenchChild {
  proc: ChildProcess;
  pid: number;
  /** Last lines the child printed (stdout and stderr), for diagnosing a failed run. */
  tail(): string;
  /** Resolves when the child has exited (immediately if it already has). */
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL if it is still alive after `graceMs`. Resolves once it is gone. */
  stop(graceMs?: number): Promise<void>;
}

/** Starts `node <args>` with an IPC channel when `ipc` is set, and tracks it for cleanup. */
export function startChild(args: {
  nodeArgs: string[];
  ipc?: boolean;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}): BenchChild {
  hookExit();
  const stdio: StdioOptions = args.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'];
  const proc = spawn(process.execPath, args.nodeArgs, {
    stdio,
    env: { ...process.env, ...args.env },
    ...(args.cwd ? { cwd: args.cwd } : {}),
  });
  if (proc.pid === undefined) throw new Error(`could not start node ${args.nodeArgs.join(' ')}`);
  live.add(proc);
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4_000);
  };
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => {
    proc.once('exit', (code) => {
      live.delete(proc);
      resolve(code);
    });
  });
  const stop = async (graceMs = 5_000): Promise<void> => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
  return { proc, pid: proc.pid, tail: () => output.trim(), exited, stop };
}

/**
 * Polls `check` every `intervalMs` until it returns a value, the child exits, or `timeoutMs`
 * passes. Rejects with the child's last output on exit or timeout.
 */
export async function pollUntil<T>(args: {
  child: BenchChild;
  check: () => Promise<T | undefined>;
  timeoutMs: number;
  intervalMs?: number;
  what: string;
}): Promise<T> {
  const deadline = Date.now() + args.timeoutMs;
  let exitCode: number | null | undefined;
  void args.child.exited.then((c) => (exitCode = c));
  for (;;) {
    const v = await args.check();
    if (v !== undefined) return v;
    if (exitCode !== undefined)
      throw new Error(`child exited (code ${exitCode}) before ${args.what}\n${args.child.tail()}`);
    if (Date.now() > deadline)
      throw new Error(`timed out after ${args.timeoutMs} ms waiting for ${args.what}\n${args.child.tail()}`);
    await new Promise((r) => setTimeout(r, args.intervalMs ?? 20));
  }
}
