import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadDemoFlows } from '../../runtime/src/demo/demo-flows.js';

const BIN = fileURLToPath(new URL('../../runtime/bin/millwright.js', import.meta.url));

let child: ChildProcess | undefined;
let dir: string | undefined;
afterEach(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  child = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

/** True when something accepts TCP connections on 127.0.0.1:port. */
const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });

describe('millwright start with the demo plant', () => {
  it('comes up on a fresh data dir with the demo flows running, and SIGTERM stops it and the simulators', async () => {
    dir = await mkdtemp(join(tmpdir(), 'mw-demo-start-'));
    const proc = spawn(process.execPath, [BIN, 'start', '--port', '0', '--data-dir', dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    const lines: Array<Record<string, unknown>> = [];
    let buffer = '';
    proc.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const parts = buffer.split('\n');
      buffer = parts.pop() ?? '';
      for (const p of parts) if (p.startsWith('{')) lines.push(JSON.parse(p) as Record<string, unknown>);
    });
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    const find = async (msg: string) => {
      const end = Date.now() + 60_000;
      for (;;) {
        const line = lines.find((l) => typeof l['msg'] === 'string' && l['msg'].startsWith(msg));
        if (line) return line;
        if (Date.now() > end || proc.exitCode !== null) throw new Error(`no "${msg}" log line`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const url = String((await find('runtime listening'))['url']);
    const demo = (await find('demo plant:'))['demo'] as Record<'opcua' | 'mqtt' | 'erp' | 'plm' | 'qms', string>;
    const ports = Object.values(demo).map((u) => Number(new URL(u).port));
    for (const port of ports) expect(await listening(port)).toBe(true);

    // The API answers before the flows run: /healthz says "starting" until they all do.
    type Health = { status: string; flows: Array<{ flowId: string; state: string }> };
    let health = (await (await fetch(`${url}/healthz`)).json()) as Health;
    for (const end = Date.now() + 30_000; health.status === 'starting' && Date.now() < end;) {
      await new Promise((r) => setTimeout(r, 100));
      health = (await (await fetch(`${url}/healthz`)).json()) as Health;
    }
    expect(health.status).toBe('ok');
    // Every flow of flows/demo-plant, whichever they are (its shared config document does not run).
    const demoFlows = (await loadDemoFlows())
      .filter((f) => !f.shared)
      .map((f) => f.id)
      .sort();
    expect(demoFlows).toEqual(expect.arrayContaining(['demo-master-data', 'demo-production', 'demo-work-orders']));
    expect(health.flows.map((f) => [f.flowId, f.state]).sort()).toEqual(demoFlows.map((id) => [id, 'running']));
    // The ERP answers, and the work-order flow polls it.
    expect((await fetch(`${demo.erp}/api/work-orders`)).status).toBe(200);

    proc.kill('SIGTERM');
    expect(await exited).toBe(0);
    for (const port of ports) expect(await listening(port)).toBe(false);
  }, 90_000);
});
