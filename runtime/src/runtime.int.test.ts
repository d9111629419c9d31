import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createRuntime } from './runtime.js';
import { FIXTURE_NODES, startTestRuntime, testFlow, type TestRuntime } from './testing/test-runtime.js';

const dirs: string[] = [];
let t: TestRuntime | undefined;
afterEach(async () => {
  await t?.runtime.stop();
  t = undefined;
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

const flow = (id: string, type = 'test-source') => testFlow(id, [[`${id}-n`, type]]);

describe('createRuntime', () => {
  it('reports a stored flow that no longer checks out as invalid on /healthz (503) until a deploy replaces it', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'mw-rt-'));
    dirs.push(dataDir);
    // As if a node package had been removed since the flows were saved.
    const stored = { revision: '3-abc', flows: [flow('good'), flow('gone', 'removed-package-node')] };
    await writeFile(join(dataDir, 'flows.json'), JSON.stringify(stored));
    t = await startTestRuntime({ dataDir });
    const health = await t.api('GET', '/healthz');
    expect(health).toMatchObject({
      status: 503,
      body: {
        status: 'failing',
        flows: [
          { flowId: 'good', state: 'running' },
          { flowId: 'gone', state: 'invalid', issues: [{ code: 'unknown_type', path: '$[1].nodes[0].type' }] },
        ],
      },
    });
    expect((await t.api('POST', '/api/flows', { flows: [flow('good')] })).status).toBe(200);
    expect(await t.api('GET', '/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('deploys the stored flows at start', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'mw-rt-'));
    dirs.push(dataDir);
    t = await startTestRuntime({ dataDir });
    await t.api('POST', '/api/flows', { flows: [flow('a'), flow('b')] });
    const revision = t.runtime.store.revision;
    await t.runtime.stop();

    t = await startTestRuntime({ dataDir });
    expect(t.runtime.manager.states().map((s) => [s.flowId, s.state])).toEqual([
      ['a', 'running'],
      ['b', 'running'],
    ]);
    expect(t.runtime.store.revision).toBe(revision);
  });

  it('skips stored flows that no longer validate and runs the rest', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'mw-rt-'));
    dirs.push(dataDir);
    const stored = { revision: '3-abc', flows: [flow('good'), flow('gone', 'uninstalled-type')] };
    await writeFile(join(dataDir, 'flows.json'), JSON.stringify(stored));
    t = await startTestRuntime({ dataDir });
    // Only 'good' runs; 'gone' is listed as invalid (see the /healthz test above).
    expect(t.runtime.manager.states().map((s) => [s.flowId, s.state])).toEqual([
      ['good', 'running'],
      ['gone', 'invalid'],
    ]);
    // the stored file is kept as is, so installing the node type again brings the flow back
    expect((await t.api('GET', '/api/flows')).body).toEqual(stored);
  });

  it('has no url before start, and stop() may be called twice', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'mw-rt-'));
    dirs.push(dataDir);
    const runtime = await createRuntime({
      dataDir,
      port: 0,
      isolation: 'in-process',
      nodeModules: [FIXTURE_NODES],
      env: {},
      logger: pino({ level: 'silent' }),
    });
    expect(() => runtime.url).toThrow(/not started/);
    await runtime.start();
    expect(runtime.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await Promise.all([runtime.stop(), runtime.stop()]);
    await expect(fetch(`${runtime.url}/healthz`)).rejects.toThrow();
  });
});
