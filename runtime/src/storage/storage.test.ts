import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serializeFlow, type Flow } from '@millwright/model';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportFlows, listFlowFiles, readFlowFile, readFlowFiles } from './flow-files.js';
import { FlowStore, INITIAL_REVISION } from './flow-store.js';
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
