import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from './main.js';

let dir: string;
let err: string[];
const io = { out: () => {}, err: (l: string) => err.push(l) };

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mw-merge-cmd-'));
  err = [];
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const flow = (name: string, nodes: string[]) => ({
  version: 1,
  id: 'f',
  name,
  nodes: nodes.map((id) => ({ id, type: 'debug', typeVersion: 1, config: {}, position: { x: 0, y: 0 } })),
  wires: [],
});

async function files(base: string, ours: string, theirs: string): Promise<string[]> {
  const paths = ['base', 'ours', 'theirs'].map((n) => join(dir, n));
  await Promise.all([base, ours, theirs].map((text, i) => writeFile(paths[i] ?? '', text)));
  return paths;
}

describe('millwright merge-driver', () => {
  it('merges into ours with an empty base (both added the file) and exits 0', async () => {
    const [b, o, t] = await files('', JSON.stringify(flow('F', ['a'])), JSON.stringify(flow('F', ['a', 'b'])));
    expect(await main(['merge-driver', b ?? '', o ?? '', t ?? '', 'f.flow.json'], io)).toBe(0);
    const text = await readFile(o ?? '', 'utf8');
    expect(JSON.parse(text)).toEqual(flow('F', ['a', 'b']));
    expect(text.startsWith('{\n  "id": "f",\n  "name": "F",\n  "nodes": [')).toBe(true);
  });

  it('leaves ours as it was and exits 1 when an input is not JSON, naming the side and line', async () => {
    const ours = '{\n<<<<<<< HEAD\n}';
    const [b, o, t] = await files(JSON.stringify(flow('F', [])), ours, JSON.stringify(flow('G', [])));
    expect(await main(['merge-driver', b ?? '', o ?? '', t ?? '', 'f.flow.json'], io)).toBe(1);
    expect(await readFile(o ?? '', 'utf8')).toBe(ours);
    expect(err.join('\n')).toMatch(/f\.flow\.json \(ours\):2:1 invalid JSON/);
  });

  it('exits 1 and lists the conflict with both values when both renamed the flow', async () => {
    const [b, o, t] = await files(
      JSON.stringify(flow('F', [])),
      JSON.stringify(flow('Ours', [])),
      JSON.stringify(flow('Theirs', [])),
    );
    expect(await main(['merge-driver', b ?? '', o ?? '', t ?? ''], io)).toBe(1);
    expect(err[0]).toBe(`${o}: conflict at $.name: ours "Ours", theirs "Theirs" (base "F")`);
    expect(JSON.parse(await readFile(o ?? '', 'utf8')).conflicts).toEqual([
      { path: ['name'], pathString: '$.name', base: 'F', ours: 'Ours', theirs: 'Theirs' },
    ]);
  });
});
