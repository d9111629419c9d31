import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DebugEvent, NodeRedImportResponse, RuntimeEvent } from '@millwright/model';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestRuntime, waitForEvent, type TestRuntime } from '../../runtime/src/testing/test-runtime.js';

// Imported Node-RED flows deployed in the runtime (worker threads): through the import API the
// editor uses, then the admin API, with cross-flow links and a real HTTP endpoint.
const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(fileURLToPath(new URL(`../fixtures/node-red/${name}.json`, import.meta.url)), 'utf8'));

let t: TestRuntime | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function importAndDeploy(name: string): Promise<NodeRedImportResponse> {
  if (!t) throw new Error('no runtime');
  const imported = await t.api('POST', '/api/import/node-red', fixture(name));
  expect(imported.status).toBe(200);
  const body = imported.body as NodeRedImportResponse;
  const deployed = await t.api('POST', '/api/flows', { flows: body.flows });
  expect(deployed.status).toBe(200);
  for (const f of body.flows)
    await waitForEvent(
      t,
      (e): e is RuntimeEvent => e.type === 'flow-state' && e.flowId === f.id && e.state === 'running',
      30_000,
    );
  return body;
}

describe('imported Node-RED flows in the runtime', () => {
  it('route messages across three tabs through link nodes', async () => {
    t = await startTestRuntime({ nodeModules: ['@millwright/nodes-core'], isolation: 'worker' });
    const { flows, report } = await importAndDeploy('link-multi-tab');
    expect(flows.map((f) => f.name)).toEqual(['Line 1 intake', 'Shared ERP mapping', 'Audit']);
    expect(report.placeholders).toEqual([]);
    expect((await t.api('POST', '/api/inject/0a1b2c3d4e5f6071')).status).toBe(200);
    const audit = await waitForEvent(t, (e): e is DebugEvent => e.type === 'debug' && e.nodeId === '6071829304152637');
    expect(audit).toMatchObject({
      flowId: 'a3c4d5e6f708192a',
      value: { topic: 'line-1', payload: { plant: 'P100', workCenter: 'LINE-1', yield: 40 } },
    });
  });

  it('serve the imported HTTP API: a known machine as JSON, an unknown one as 404', async () => {
    t = await startTestRuntime({
      nodeModules: ['@millwright/nodes-core', '@millwright/nodes-enterprise'],
      isolation: 'worker',
    });
    const { report } = await importAndDeploy('http-machine-api');
    expect(report.placeholders).toEqual([]);
    const ok = await fetch(`${t.url}/http/api/machines/press-2`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ machine: 'press-2', state: 'IDLE', oee: 0.64, line: 'line-1' });
    const missing = await fetch(`${t.url}/http/api/machines/press-9`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await missing.json()).toEqual({ error: 'unknown machine press-9' });
  });

  it('answer 400 for a body that is not a Node-RED export', async () => {
    t = await startTestRuntime({ nodeModules: ['@millwright/nodes-core'] });
    const r = await t.api('POST', '/api/import/node-red', { version: 1, id: 'x', nodes: [] });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code: 'invalid_node_red_export' });
  });
});
