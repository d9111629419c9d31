import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, waitFor } from './runtime-child.js';

// Plant IT stops services with SIGTERM to the PID it started: for `npm start` that is npm itself.
// The runtime and every flow process must stop with it, and the port must be free again.
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Child PIDs of `pid` (Linux /proc). */
const childrenOf = (pid: number): number[] =>
  readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(/\s+/).filter(Boolean).map(Number);

describe('npm start', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`stops the runtime and its flow processes on ${signal} to npm, and frees the port`, async () => {
      const dataDir = await mkdtemp(join(tmpdir(), 'mw-npm-start-'));
      dirs.push(dataDir);
      // --ignore-scripts skips prestart (the build): npm test has built already, and a rebuild
      // would swap dist/ under the other tests.
      const npm = spawn('npm', ['start', '--ignore-scripts', '--', '--no-demo', '--port', '0', '--data-dir', dataDir], {
        cwd: ROOT,
        env: { ...process.env, MILLWRIGHT_TOKEN: '', NODE_OPTIONS: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      npm.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      npm.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
      const npmExit = new Promise<void>((resolve) => npm.once('exit', () => resolve()));
      let runtimePid = 0;
      let flowPids: number[] = [];
      try {
        let url = '';
        await waitFor(
          () => {
            const m = /"pid":(\d+),[^\n]*"url":"(http:\/\/127\.0\.0\.1:\d+)","msg":"runtime listening"/.exec(out);
            if (m) [runtimePid, url] = [Number(m[1]), m[2]!];
            return m !== null;
          },
          `runtime listening:\n${out}`,
          30_000,
        );
        const flow = JSON.parse(await readFile(join(ROOT, 'flows/hello-world.flow.json'), 'utf8')) as unknown;
        const deploy = await fetch(`${url}/api/flows`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ flows: [flow] }),
        });
        expect(deploy.status).toBe(200);
        await waitFor(() => childrenOf(runtimePid).length > 0, 'a flow process', 20_000);
        flowPids = childrenOf(runtimePid);
        // No launcher: npm's shell execs node, so the runtime is npm's own child.
        expect(childrenOf(npm.pid!)).toEqual([runtimePid]);

        npm.kill(signal);
        await waitFor(() => !alive(runtimePid) && flowPids.every((p) => !alive(p)), 'everything to stop', 15_000);
        await npmExit;
        await expect(fetch(`${url}/healthz`)).rejects.toThrow();
        expect(out).toMatch(/"msg":"runtime stopped"/);
      } finally {
        for (const pid of [runtimePid, ...flowPids]) if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
        npm.kill('SIGKILL');
      }
    }, 60_000);
  }
});
