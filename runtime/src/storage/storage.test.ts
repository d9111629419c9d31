import { mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serializeFlow, type Flow } from '@millwright/model';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportFlows, listFlowFiles, readFlowFile, readFlowFiles } from './flow-files.js';
import { SNAPSHOTS_DIR as HISTORY_DIR } from '../snapshots/snapshot-store.js';

const KEPT_REVISIONS = 10;
import { FlowStore, INITIAL_REVISION, type RestoredRevision } from './flow-store.js';
import { SettingsStore } from './settings-store.js';

const flow = (id: string, name = id): Flow => ({ version: 1, id, name, nodes: [], wires: [] });

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mw-storage-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('FlowStore', () => {
  it('persists flows with a revision that changes on every save, even for equal content', async () => {
    const store = await FlowStore.open(dir);
    expect(store.revision).toBe(INITIAL_REVISION);
    expect(store.flows()).toEqual([]);
    const r1 = await store.save([flow('a')]);
    const r2 = await store.save([flow('a')]);
    expect(r1).not.toBe(r2);
    expect(r1.split('-')[1]).toBe(r2.split('-')[1]); // same content, same hash part

    const reopened = await FlowStore.open(dir);
    expect(reopened.revision).toBe(r2);
    expect(reopened.flow('a')).toEqual(flow('a'));
    const onDisk = JSON.parse(await readFile(join(dir, 'flows.json'), 'utf8')) as unknown;
    expect(onDisk).toEqual({ revision: r2, flows: [flow('a')] });
  });

  it('keeps its own copy, so callers mutating their array do not change the store', async () => {
    const store = await FlowStore.open();
    const flows = [flow('a')];
    await store.save(flows);
    flows[0]!.name = 'changed';
    expect(store.flow('a')?.name).toBe('a');
    expect(store.file).toBeUndefined();
  });

  it('refuses a file that is not a flows file', async () => {
    await writeFile(join(dir, 'flows.json'), '{"hello": 1}');
    await expect(FlowStore.open(dir)).rejects.toThrow(/not a flows file/);
  });
});

describe('SettingsStore', () => {
  it('writes the defaults on first open', async () => {
    const settings = await SettingsStore.open(dir);
    expect(settings.get().auth).toEqual({
      required: false,
      openOnLoopback: true,
      tokenRole: 'admin',
      sessionTtlHours: 12,
    });
    expect(JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8'))).toMatchObject({ auth: { required: false } });
  });

  it('reports the faulty path of an invalid settings file', async () => {
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ auth: { token: 'short' } }));
    await expect(SettingsStore.open(dir)).rejects.toThrow(/\$\.auth\.token: must be at least 16 characters/);
  });
});

describe('FlowStore when flows.json is damaged', () => {
  const flowsFile = () => join(dir, 'flows.json');
  /** A store with revisions 1..n saved, flow `v<i>` in revision i. */
  async function saved(n: number): Promise<string[]> {
    const store = await FlowStore.open(dir, { keepSnapshots: KEPT_REVISIONS });
    const revisions: string[] = [];
    for (let i = 1; i <= n; i++) revisions.push(await store.save([flow(`v${i}`)]));
    return revisions;
  }

  it(`keeps the last ${KEPT_REVISIONS} revisions, written before flows.json and without temp files left`, async () => {
    const revisions = await saved(KEPT_REVISIONS + 3);
    const kept = (await readdir(join(dir, HISTORY_DIR))).sort();
    expect(kept).toEqual(
      revisions
        .slice(3)
        .map((r) => `${r}.json`)
        .sort(),
    );
    const newest = JSON.parse(await readFile(join(dir, HISTORY_DIR, `${revisions.at(-1)!}.json`), 'utf8')) as unknown;
    expect(newest).toMatchObject(JSON.parse(await readFile(flowsFile(), 'utf8')) as object);
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it.each([
    ['empty', async () => writeFile(flowsFile(), ''), /flows\.json is empty/],
    ['truncated', async () => truncate(flowsFile(), 40), /flows\.json is not valid JSON: /],
    ['not a flows file', async () => writeFile(flowsFile(), '{"flows": 3}'), /flows\.json is not a flows file/],
  ])('refuses a flows.json that is %s, naming the file and the last good revision', async (_, damage, fault) => {
    const revisions = await saved(3);
    await damage();
    const err = await FlowStore.open(dir).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'flows_file_corrupt', kind: 'user' });
    const message = (err as Error).message;
    expect(message).toMatch(fault);
    expect(message).toContain(flowsFile());
    expect(message).toContain(`The last good revision is ${revisions[2]!}`);
    expect(message).toContain('--restore-last-good');
  });

  it('says so when no revision is kept to restore', async () => {
    await writeFile(flowsFile(), '{"revision": "4-aa", "flows": [');
    await expect(FlowStore.open(dir, { restoreLastGood: true })).rejects.toThrow(/No earlier revision is kept/);
  });

  it('restores the last good revision on request and keeps the damaged file aside', async () => {
    const revisions = await saved(3);
    await truncate(flowsFile(), 25);
    const restored: RestoredRevision[] = [];
    const store = await FlowStore.open(dir, { restoreLastGood: true, onRestore: (r) => restored.push(r) });
    expect(store.revision).toBe(revisions[2]);
    expect(store.flows()).toEqual([flow('v3')]);
    expect(restored).toHaveLength(1);
    expect(await readFile(restored[0]!.corruptFile, 'utf8')).toHaveLength(25);
    // flows.json is whole again: a plain open reads it, and the next save continues the counter.
    const reopened = await FlowStore.open(dir);
    expect(reopened.flows()).toEqual([flow('v3')]);
    expect((await reopened.save([flow('v4')])).startsWith('4-')).toBe(true);
  });

  it('skips a damaged kept revision and restores the one before it', async () => {
    const revisions = await saved(3);
    await writeFile(join(dir, HISTORY_DIR, `${revisions[2]!}.json`), '{"revision"');
    await writeFile(flowsFile(), '');
    const store = await FlowStore.open(dir, { restoreLastGood: true });
    expect(store.revision).toBe(revisions[1]);
  });

  it('keeps a flows.json written before the history as its first revision', async () => {
    await writeFile(flowsFile(), JSON.stringify({ revision: '7-abc', flows: [flow('old')] }));
    await FlowStore.open(dir);
    await writeFile(flowsFile(), '');
    expect((await FlowStore.open(dir, { restoreLastGood: true })).flows()).toEqual([flow('old')]);
  });
});

describe('flow files', () => {
  it('exports one stable file per flow and reads them back from the directory', async () => {
    const out = join(dir, 'export');
    const a: Flow = { wires: [], nodes: [], name: 'A', id: 'a', version: 1 };
    const files = await exportFlows([a, flow('b')], out);
    expect(files.map((f) => f.slice(out.length + 1))).toEqual(['a.flow.json', 'b.flow.json']);
    const text = await readFile(files[0]!, 'utf8');
    expect(text).toBe(serializeFlow(a));
    expect(text.indexOf('"id"')).toBeLessThan(text.indexOf('"name"')); // sorted keys
    await writeFile(join(out, 'notes.txt'), 'ignored');
    expect((await readFlowFiles([out])).map((f) => f.value)).toEqual([a, flow('b')]);
  });

  it('names the file in read errors', async () => {
    const bad = join(dir, 'bad.flow.json');
    await writeFile(bad, '{ nope');
    await expect(readFlowFile(bad)).rejects.toMatchObject({ code: 'invalid_flow_file', file: bad });
    await expect(listFlowFiles([join(dir, 'missing.json')])).rejects.toThrow(/missing\.json: no such file/);
  });
});
