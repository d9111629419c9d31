import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DebugEvent, DeployResponse, Flow, RuntimeEvent } from '@millwright/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_NODES, startTestRuntime, testFlow, waitForEvent, type TestRuntime } from '../testing/test-runtime.js';
import type { TestConnApi } from './fixtures/shared-config-nodes.js';

// A shared config document deployed through the admin API, in the shared host processes (pool
// isolation, the default): two flows use its config node, a third does not (decision 0039).

const SHARED_NODES = new URL('./fixtures/shared-config-nodes.ts', import.meta.url).href;
const PASSWORD = 'Shared-Pa55-41c7e2';
const digest = (s: string) => createHash('sha256').update(s).digest('hex');

const plant = (label: string): Flow => ({
  version: 1,
  id: 'plant',
  name: 'Plant connections',
  shared: true,
  nodes: [],
  wires: [],
  configs: [{ id: 'conn', type: 'test-conn', typeVersion: 1, config: { label } }],
});
const user = (id: string) =>
  testFlow(
    id,
    [
      [`${id}-probe`, 'test-conn-probe', { conn: 'conn' }],
      [`${id}-dbg`, 'test-debug'],
    ],
    [[`${id}-probe`, `${id}-dbg`]],
  );
const bystander = testFlow('C', [['C-dbg', 'test-debug']]);

type Probe = TestConnApi & { pid: number };
let t: TestRuntime;
beforeAll(async () => {
  t = await startTestRuntime({ nodeModules: [FIXTURE_NODES, SHARED_NODES], isolation: 'pool', poolSize: 2 });
}, 30_000);
afterAll(() => t?.close());

/** Triggers the probe of flow `id` and resolves with what its config node instance said (the next answer). */
async function probe(id: string): Promise<Probe> {
  const seen = t.events.length;
  expect((await t.api('POST', `/api/inject/${id}-probe`)).status).toBe(200);
  const event = await waitForEvent(
    t,
    (e: RuntimeEvent): e is DebugEvent => e.type === 'debug' && e.nodeId === `${id}-dbg` && t.events.indexOf(e) >= seen,
  );
  return event.value as Probe;
}

describe('shared config nodes deployed', () => {
  it('refuses a reference to a shared config node that does not exist, with its path', async () => {
    const bad = testFlow('bad', [['x', 'test-conn-probe', { conn: 'con' }]]);
    const r = await t.api('POST', '/api/flows', { flows: [plant('v1'), bad] });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toContain('$[1].nodes[0].config.conn');
    expect(JSON.stringify(r.body)).toContain('config node \\"con\\" does not exist');
  });

  it('runs an instance in each flow using it, with its credentials; a change restarts exactly those flows', async () => {
    const first = await t.api('POST', '/api/flows', {
      flows: [plant('v1'), user('A'), user('B'), bystander],
      credentials: { conn: { password: PASSWORD } },
    });
    expect(first.status, first.text).toBe(200);
    // The shared document does not run by itself.
    expect((first.body as DeployResponse).changes.started.sort()).toEqual(['A', 'B', 'C']);

    const [a, b] = [await probe('A'), await probe('B')];
    for (const p of [a, b]) expect(p).toMatchObject({ label: 'v1', digest: digest(PASSWORD) });
    // Each flow runs its own instance of the one definition.
    expect(a.instance).not.toBe(b.instance);

    const second = await t.api('POST', '/api/flows', {
      flows: [plant('v2'), user('A'), user('B'), bystander],
      mode: 'full',
    });
    expect(second.status, second.text).toBe(200);
    const changes = (second.body as DeployResponse).changes;
    expect({ ...changes, restarted: [...changes.restarted].sort() }).toEqual({
      started: [],
      restarted: ['A', 'B'],
      updated: [],
      stopped: [],
    });
    const [a2, b2] = [await probe('A'), await probe('B')];
    for (const p of [a2, b2]) expect(p).toMatchObject({ label: 'v2', digest: digest(PASSWORD) });
    expect(a2.instance).not.toBe(a.instance);
  });

  it('keeps the credentials of a shared config node sealed: stored encrypted, never sent back', async () => {
    const answers = await Promise.all(
      ['/api/flows', '/api/flows/plant', '/api/credentials', '/api/credentials/conn'].map((p) => t.api('GET', p)),
    );
    expect(answers.find((a) => a.text.includes('"nodeId":"conn"'))?.status).toBe(200);
    expect((await t.api('GET', '/api/credentials/conn')).body).toEqual({ nodeId: 'conn', has: { password: true } });
    for (const a of answers) expect(a.text).not.toContain(PASSWORD);
    const files = await readdir(t.dataDir, { recursive: true, withFileTypes: true });
    const texts = await Promise.all(
      files.filter((f) => f.isFile()).map((f) => readFile(join(f.parentPath, f.name), 'utf8')),
    );
    expect(texts.length).toBeGreaterThan(2);
    for (const text of texts) expect(text).not.toContain(PASSWORD);
    expect(JSON.stringify(t.events)).not.toContain(PASSWORD);
  });
});
