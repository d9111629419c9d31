import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FlowsResponse } from '@millwright/model';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A `millwright start` process on 127.0.0.1 with a free port and a fresh data directory. */
export interface RuntimeProcess {
  url: string;
  dataDir: string;
  /** GET /api/flows. */
  flows(): Promise<FlowsResponse>;
  /** Stops the process (SIGTERM, then SIGKILL after 5 s) and removes the data directory. */
  stop(): Promise<void>;
}

/**
 * Starts the runtime; with `token` the admin API requires it (as on a non-loopback deployment),
 * `nodes` are extra node modules (file URLs) to load, `demo: true` starts the demo plant (default
 * off, so each spec starts from an empty canvas and no simulator ports are taken); `args` are
 * more `millwright start` flags (`--cluster nats://...`); `port` a fixed port (default a free
 * one); `settings` is written to settings.json first; `env` adds environment variables.
 */
export async function startRuntime(
  options: {
    token?: string;
    nodes?: string[];
    demo?: boolean;
    args?: string[];
    port?: number;
    settings?: unknown;
    env?: Record<string, string>;
  } = {},
): Promise<RuntimeProcess> {
  const dataDir = await mkdtemp(join(tmpdir(), 'mw-e2e-'));
  if (options.settings !== undefined) await writeFile(join(dataDir, 'settings.json'), JSON.stringify(options.settings));
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'runtime/bin/millwright.js'),
      'start',
      '--port',
      String(options.port ?? 0),
      '--data-dir',
      dataDir,
      ...(options.nodes ?? []).flatMap((m) => ['--nodes', m]),
      options.demo ? '--demo' : '--no-demo',
      ...(options.args ?? []),
    ],
    {
      cwd: ROOT,
      // Tests' servers (ERP stand-ins) listen on loopback, which outbound.deny refuses by default.
      env: {
        ...process.env,
        MILLWRIGHT_TOKEN: options.token ?? '',
        NODE_OPTIONS: '',
        MILLWRIGHT_OUTBOUND_ALLOW: '127.0.0.1,::1',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the runtime did not start within 30 s:\n${output}`)), 30_000);
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const match = /"url":"(http:\/\/127\.0\.0\.1:\d+)","msg":"runtime listening"/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the runtime exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    dataDir,
    async flows() {
      const res = await fetch(`${url}/api/flows`, {
        headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
      });
      return (await res.json()) as FlowsResponse;
    },
    async stop() {
      await stopChild(child);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
