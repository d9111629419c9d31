import { spawn } from 'node:child_process';

/** Variables of the runtime's environment a command gets; nothing else is passed on (no secrets). */
export const SAFE_ENV = ['PATH', 'LANG', 'LC_ALL', 'TZ'] as const;

export type CommandResult =
  | { kind: 'exit'; stdout: string; stderr: string; code: number | null; signal: NodeJS.Signals | null }
  | { kind: 'timeout' }
  | { kind: 'too-large'; stream: 'stdout' | 'stderr' }
  | { kind: 'failed'; message: string };

/** A started command: its result, and a way to kill it with everything it started. */
export interface RunningCommand {
  result: Promise<CommandResult>;
  kill(): void;
}

/**
 * Runs `command` with `args` directly (no shell), in its own process group so a timeout kills
 * the children it started too, with only {@link SAFE_ENV} of the environment, and output capped.
 */
export function runCommand(
  command: string,
  args: readonly string[],
  limits: { timeoutMs: number; maxOutputBytes: number },
): RunningCommand {
  const env: NodeJS.ProcessEnv = {};
  for (const key of SAFE_ENV) if (process.env[key] !== undefined) env[key] = process.env[key];
  const child = spawn(command, [...args], { shell: false, detached: true, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const killGroup = () => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  const result = new Promise<CommandResult>((resolve) => {
    let settled: CommandResult | undefined;
    const settle = (r: CommandResult) => {
      if (settled) return;
      settled = r;
      clearTimeout(timer);
      if (r.kind !== 'exit') killGroup();
      resolve(r);
    };
    const timer = setTimeout(() => settle({ kind: 'timeout' }), limits.timeoutMs);
    const out: Record<'stdout' | 'stderr', Buffer[]> = { stdout: [], stderr: [] };
    const size = { stdout: 0, stderr: 0 };
    for (const stream of ['stdout', 'stderr'] as const)
      child[stream].on('data', (chunk: Buffer) => {
        size[stream] += chunk.length;
        if (size[stream] > limits.maxOutputBytes) settle({ kind: 'too-large', stream });
        else out[stream].push(chunk);
      });
    child.on('error', (err) => settle({ kind: 'failed', message: err.message }));
    child.on('close', (code, signal) =>
      settle({
        kind: 'exit',
        stdout: Buffer.concat(out.stdout).toString('utf8'),
        stderr: Buffer.concat(out.stderr).toString('utf8'),
        code,
        signal,
      }),
    );
  });
  return { result, kill: killGroup };
}
