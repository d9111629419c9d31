import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnRuntime, waitFor, type RuntimeChild } from './runtime-child.js';

// With many stored flows, the API and the editor answer first; the flows start after, concurrently.
const FLOWS = 100;
let dir: string | undefined;
let rt: RuntimeChild | undefined;
afterAll(async () => {
  rt?.kill();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const storedFlow = (i: number) => ({
  version: 1,
  id: `f${i}`,
  name: `Flow ${i}`,
  nodes: [
    { id: `f${i}-in`, type: 'inject', typeVersion: 1, config: {}, position: { x: 100, y: 100 } },
    { id: `f${i}-out`, type: 'debug', typeVersion: 1, config: {}, position: { x: 300, y: 100 } },
  ],
  wires: [{ from: { node: `f${i}-in`, port: 0 }, to: { node: `f${i}-out`, port: 0 } }],
});

describe('millwright start with 100 stored flows', () => {
  it('answers HTTP before the flows run, reports them starting, then runs them all', async () => {
    dir = await mkdtemp(join(tmpdir(), 'mw-api-first-'));
    const files = await Promise.all(
      Array.from({ length: FLOWS }, async (_, i) => {
        const file = join(dir!, `f${i}.flow.json`);
        await writeFile(file, JSON.stringify(storedFlow(i)));
        return file;
      }),
    );
    const imported = spawnRuntime(['import', ...files, '--data-dir', join(dir, 'data')]);
    expect(await imported.exited).toBe(0);

    rt = spawnRuntime(['start', '--no-demo', '--port', '0', '--data-dir', join(dir, 'data')]);
    const runtime = rt;
    const index = (pred: (l: Record<string, unknown>) => boolean) => runtime.lines().findIndex(pred);
    await waitFor(() => index((l) => l['msg'] === 'runtime listening') >= 0, 'runtime listening', 30_000);
    const url = String(runtime.lines()[index((l) => l['msg'] === 'runtime listening')]!['url']);
    const first = await (await fetch(`${url}/healthz`)).json();
    await waitFor(
      async () => ((await (await fetch(`${url}/healthz`)).json()) as { status: string }).status === 'ok',
      'every flow running',
      60_000,
    );
    const listening = index((l) => l['msg'] === 'runtime listening');
    const firstRunning = index((l) => l['event'] === 'flow-state' && l['state'] === 'running');
    expect(listening).toBeLessThan(firstRunning);
    expect(first).toMatchObject({ status: 'starting' });
    const health = (await (await fetch(`${url}/healthz`)).json()) as { flows: Array<{ state: string }> };
    expect(health.flows).toHaveLength(FLOWS);
    expect(health.flows.every((f) => f.state === 'running')).toBe(true);
    rt.child.kill('SIGTERM');
    expect(await rt.exited).toBe(0);
  }, 120_000);
});
