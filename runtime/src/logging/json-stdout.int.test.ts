import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = join(ROOT, 'runtime/bin/millwright.js');
/** How long the demo runs before the check: long enough for its flows to connect and exchange data. */
const WATCH_MS = 10_000;

let child: ChildProcessWithoutNullStreams | undefined;
let dataDir: string | undefined;
afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  child = dataDir = undefined;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('millwright start --demo', () => {
  it('writes only JSON lines to stdout, node-opcua and flow child processes included', async () => {
    // A fresh data dir: the OPC UA client in the demo flow's child process creates its certificate.
    dataDir = await mkdtemp(join(tmpdir(), 'mw-json-log-'));
    child = spawn(process.execPath, [BIN, 'start', '--data-dir', dataDir, '--port', '0', '--demo'], {
      cwd: ROOT,
      env: { ...process.env, MILLWRIGHT_TOKEN: '', NODE_OPTIONS: '', MILLWRIGHT_LOG_LEVEL: 'info' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));

    // The demo flows are deployed before the runtime listens; then let them run.
    const deadline = Date.now() + 30_000;
    while (!stdout.includes('"msg":"runtime listening"')) {
      if (child.exitCode !== null || Date.now() > deadline)
        throw new Error(`the runtime did not start; stdout:\n${stdout}\nstderr:\n${stderr}`);
      await sleep(100);
    }
    await sleep(WATCH_MS);
    expect(child.exitCode, `exited early; stderr:\n${stderr}`).toBeNull();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);

    const lines = stdout.split('\n').filter((l) => l !== '');
    const notJson = lines.filter((l) => {
      try {
        return typeof JSON.parse(l) !== 'object';
      } catch {
        return true;
      }
    });
    expect(notJson).toEqual([]);
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed.length).toBeGreaterThan(12);
    expect(parsed.some((l) => l['msg'] === 'runtime listening')).toBe(true);
    expect(parsed.filter((l) => l['event'] === 'flow-state' && l['state'] === 'running').length).toBeGreaterThan(1);
    // node-opcua's "Creating default certificate ..." comes from a flow host process (a shared host
    // of the pool, tagged with its host, or a flow's own process, tagged with its flowId), as a warn line.
    const opcua = parsed.filter((l) => l['source'] === 'node-opcua');
    expect(opcua.length).toBeGreaterThan(0);
    const fromHost = (l: Record<string, unknown>) => typeof l['flowId'] === 'string' || typeof l['host'] === 'string';
    expect(opcua.some((l) => fromHost(l) && l['pid'] !== parsed[0]!['pid'])).toBe(true);
    expect(parsed.at(-1)).toMatchObject({ msg: 'runtime stopped' });
  }, 60_000);
});
