import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'runtime/bin/millwright.js');

/** A `millwright` CLI process started for a test. */
export interface RuntimeChild {
  child: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** JSON log lines parsed so far. */
  lines(): Array<Record<string, unknown>>;
  /** Resolves with the exit code or signal. */
  exited: Promise<number | NodeJS.Signals | null>;
  /** SIGKILLs the whole process group: the launcher and the node process it spawned. */
  kill(): void;
}

/**
 * Spawns `node runtime/bin/millwright.js <args>` in its own process group, so a SIGKILL reaches
 * the real runtime behind the launcher (the launcher cannot forward SIGKILL).
 */
export function spawnRuntime(args: string[], env: Record<string, string> = {}): RuntimeChild {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    // Tests' servers listen on loopback, which outbound.deny refuses by default.
    env: { ...process.env, MILLWRIGHT_TOKEN: '', NODE_OPTIONS: '', MILLWRIGHT_OUTBOUND_ALLOW: '127.0.0.1,::1', ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (out += d));
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal)),
  );
  return {
    child,
    output: () => out,
    lines: () =>
      out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .flatMap((l) => {
          try {
            return [JSON.parse(l) as Record<string, unknown>];
          } catch {
            return [];
          }
        }),
    exited,
    kill() {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    },
  };
}

/** Polls `check` every 100 ms until it returns true; throws with `what` after `timeoutMs`. */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
