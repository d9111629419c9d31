import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  AuditEntry,
  DeployResponse,
  FlowDiff,
  RollbackResponse,
  Snapshot,
  SnapshotMeta,
  SnapshotsResponse,
} from '@millwright/model';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestRuntime, testFlow, type TestRuntime } from '../testing/test-runtime.js';

let t: TestRuntime | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const NODES = ['@millwright/nodes-core', '@millwright/nodes-enterprise'];
const SECRET = 'pa55-never-in-a-snapshot';

/** GET /http/version answers `answer`; an http-request node holds credentials. */
const versionFlow = (answer: string) =>
  testFlow(
    'svc',
    [
      ['in', 'http-in', { method: 'GET', path: '/version' }],
      ['set', 'change', { rules: [{ action: 'set', property: 'payload', valueType: 'string', value: answer }] }],
      ['out', 'http-response', {}],
      ['erp', 'http-request', { method: 'GET', url: 'http://127.0.0.1:9/x', auth: 'basic' }],
    ],
    [
      ['in', 'set'],
      ['set', 'out'],
    ],
  );

async function version(): Promise<string> {
  const res = await fetch(`${t!.url}/http/version`);
  return res.text();
}

describe('snapshots API', () => {
  it('records every deploy, names, diffs and rolls back to the exact flows and behaviour', async () => {
    t = await startTestRuntime({ nodeModules: NODES });
    const d1 = (
      await t.api('POST', '/api/flows', {
        flows: [versionFlow('v1')],
        message: 'first',
        credentials: { erp: { username: 'mes', password: SECRET } },
      })
    ).body as DeployResponse;
    expect(d1.snapshot).toBe(d1.revision);
    const d2 = (await t.api('POST', '/api/flows', { flows: [versionFlow('v2')], mode: 'flows' }))
      .body as DeployResponse;
    expect(await version()).toBe('v2');

    const named = await t.api('POST', '/api/snapshots', { name: 'Before line 3', message: 'checkpoint' });
    expect(named.status, named.text).toBe(201);
    expect(named.body).toMatchObject({
      id: `${d2.revision}~before-line-3`,
      name: 'Before line 3',
      author: 'open-access',
    });
    expect((await t.api('POST', '/api/snapshots', { name: 'Before line 3' })).status).toBe(409);

    const list = (await t.api('GET', '/api/snapshots')).body as SnapshotsResponse;
    expect(list.snapshots.map((s) => s.id)).toEqual([`${d2.revision}~before-line-3`, d2.revision, d1.revision]);
    expect(list.snapshots[2]).toEqual({
      id: d1.revision,
      author: 'open-access',
      time: expect.any(String) as string,
      mode: 'full',
      message: 'first',
      revision: d1.revision,
      flowCount: 1,
    } satisfies SnapshotMeta);
    expect(list.snapshots[1]).toMatchObject({ mode: 'flows' });

    const one = (await t.api('GET', `/api/snapshots/${d1.revision}`)).body as Snapshot;
    expect(one.flows).toEqual([versionFlow('v1')]);
    expect(one.credentialKeys).toEqual({ erp: ['password', 'username'] });
    expect(one.packages.map((p) => p.name)).toEqual(NODES);
    expect(one.packages[0]!.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(one.settings).toMatchObject({ auth: { required: false } });
    expect((await t.api('GET', '/api/snapshots/nope')).status).toBe(404);

    const diff = (await t.api('GET', `/api/snapshots/${d1.revision}/diff/current`)).body as FlowDiff;
    expect(JSON.stringify(diff)).toContain('"v2"');
    expect(diff.flows).toHaveLength(1);

    // A stale revision is refused as for any deploy; the right one rolls back.
    const stale = await t.api('POST', `/api/snapshots/${d1.revision}/rollback`, { revision: d1.revision });
    expect(stale).toMatchObject({ status: 409, body: { code: 'revision_conflict' } });
    const rolled = await t.api('POST', `/api/snapshots/${d1.revision}/rollback`, {
      message: 'v2 broke line 3',
      revision: d2.revision,
    });
    expect(rolled.status, rolled.text).toBe(200);
    const back = rolled.body as RollbackResponse;
    expect(back.snapshot).toMatchObject({
      id: back.revision,
      message: `rollback to ${d1.revision}: v2 broke line 3`,
      mode: 'flows',
    });
    expect((await t.api('GET', '/api/flows')).body).toMatchObject({ flows: [versionFlow('v1')] });
    expect(await version()).toBe('v1');
    expect(((await t.api('GET', `/api/snapshots/${d1.revision}/diff/current`)).body as FlowDiff).flows).toEqual([]);

    // No secret value anywhere in the snapshot files; the audit log has what happened.
    const dir = join(t.dataDir, 'flows-history');
    for (const file of await readdir(dir)) expect(await readFile(join(dir, file), 'utf8')).not.toContain(SECRET);
    // The deployed revision's snapshot stays; a named one can go.
    expect(await t.api('DELETE', `/api/snapshots/${back.revision}`)).toMatchObject({
      status: 409,
      body: { code: 'snapshot_current' },
    });
    expect((await t.api('DELETE', `/api/snapshots/${d2.revision}~before-line-3`)).status).toBe(204);
    expect((await t.api('GET', `/api/snapshots/${d2.revision}~before-line-3`)).status).toBe(404);
    const audit = (await t.api('GET', '/api/audit')).body as AuditEntry[];
    expect(audit.map((e) => e.action)).toEqual(
      expect.arrayContaining(['snapshot-create', 'rollback', 'snapshot-delete']),
    );
  });

  it('keeps snapshots.keep deploy snapshots and every named one; never a secret setting', async () => {
    const token = 'service-token-that-is-secret-123';
    const dataDir = await mkdtemp(join(tmpdir(), 'mw-snapshots-'));
    await writeFile(
      join(dataDir, 'settings.json'),
      JSON.stringify({ snapshots: { keep: 3 }, auth: { token, required: true } }),
    );
    t = await startTestRuntime({ nodeModules: NODES, dataDir });
    const deploy = (v: string) => t!.api('POST', '/api/flows', { flows: [versionFlow(v)] }, token);
    await deploy('v1');
    expect((await t.api('POST', '/api/snapshots', { name: 'keep me' }, token)).status).toBe(201);
    for (let i = 2; i <= 6; i++) expect((await deploy(`v${i}`)).status).toBe(200);
    const list = ((await t.api('GET', '/api/snapshots', undefined, token)).body as SnapshotsResponse).snapshots;
    expect(list.filter((s) => !s.name)).toHaveLength(3);
    expect(list.filter((s) => s.name).map((s) => s.name)).toEqual(['keep me']);
    expect(await readdir(join(dataDir, 'flows-history'))).toHaveLength(4);
    const files = await readdir(join(dataDir, 'flows-history'));
    for (const f of files) expect(await readFile(join(dataDir, 'flows-history', f), 'utf8')).not.toContain(token);
    const one = (await t.api('GET', `/api/snapshots/${list[0]!.id}`, undefined, token)).body as Snapshot;
    expect(one.settings).toMatchObject({ auth: { required: true } });
    expect(one.settings['auth']).not.toHaveProperty('token');
  });
});
