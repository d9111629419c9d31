import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Flow } from '@millwright/model';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { settingsSchema } from '../storage/settings-store.js';
import { SECRET_SETTINGS, settingsWithoutSecrets } from './snapshot-facts.js';
import { SnapshotStore, slugOf } from './snapshot-store.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mw-snapshots-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const flow = (id: string): Flow => ({ id, name: id, version: 1, nodes: [], wires: [] });
const file = (n: number) => ({ revision: `${n}-abc${n}`, flows: [flow(`f${n}`)] });

describe('SnapshotStore', () => {
  it.each([
    ['on disk', () => new SnapshotStore(dir, 2)],
    ['in memory', () => new SnapshotStore(undefined, 2)],
  ])('keeps the newest deploy snapshots and every named one (%s)', async (_, open) => {
    const store = open();
    await store.add(file(1), { author: 'alice', mode: 'full', message: 'one' });
    await store.addNamed(file(1), { name: 'Before Line 3!', author: 'bob' });
    await expect(store.addNamed(file(1), { name: 'before line 3' })).rejects.toMatchObject({ code: 'snapshot_exists' });
    for (let n = 2; n <= 4; n++) await store.add(file(n), { author: 'alice', mode: 'flows' });
    const list = await store.list();
    expect(list.map((s) => s.id)).toEqual(['4-abc4', '3-abc3', '1-abc1~before-line-3']);
    expect(list[2]).toMatchObject({ name: 'Before Line 3!', author: 'bob', revision: '1-abc1', flowCount: 1 });
    expect(await store.get('2-abc2')).toBeUndefined();
    await expect(store.require('2-abc2')).rejects.toMatchObject({ code: 'snapshot_not_found' });
    expect((await store.lastGood())?.data).toEqual(file(4)); // named ones never stand in for flows.json
  });

  it('reads a bare kept revision ({ revision, flows }) as a snapshot with defaults', async () => {
    await writeFile(join(dir, '7-old.json'), JSON.stringify({ revision: '7-old', flows: [flow('a')] }));
    const store = new SnapshotStore(dir);
    expect(await store.get('7-old')).toMatchObject({
      id: '7-old',
      author: 'unknown',
      mode: 'full',
      flows: [flow('a')],
      settings: {},
      packages: [],
      credentialKeys: {},
      tests: {},
    });
    expect(await readdir(dir)).toEqual(['7-old.json']);
  });

  it('names snapshots with a slug that is safe in a URL and a file name', () => {
    expect(slugOf('  Retrofit: Line #3 (PLC 4.2) ')).toBe('retrofit-line-3-plc-4-2');
    expect(slugOf('???')).toBe('snapshot');
  });
});

describe('settings in a snapshot', () => {
  it('leaves out every setting the schema marks secret', () => {
    expect(SECRET_SETTINGS).toEqual(
      expect.arrayContaining([
        ['auth', 'token'],
        ['auth', 'oidc', 'clientSecret'],
      ]),
    );
    const settings = settingsSchema.parse({
      auth: { token: 'a-service-token-1234567', required: true },
      snapshots: { keep: 5 },
    });
    const copy = settingsWithoutSecrets(settings);
    expect(JSON.stringify(copy)).not.toContain('a-service-token-1234567');
    expect(copy).toMatchObject({ auth: { required: true }, snapshots: { keep: 5 } });
    expect(settings.auth.token).toBe('a-service-token-1234567'); // the runtime's own copy is untouched
  });
});
