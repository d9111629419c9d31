import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sortKeys } from '@millwright/model';
import type { NodeRegistry } from '@millwright/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NODE_FLAGS } from '../engine/node-flags.js';
import { runFlowTests } from '../flow-test/run-tests.js';
import { checkFlowFiles } from './flow-file-check.js';
import { loadCliRegistry, nodeSources } from './node-sources.js';

// 20 pairs of concurrent edits to the demo plant's flows, each made on two git branches and merged
// by `git merge` with `millwright merge-driver` configured for *.flow.json, as a user installs it.
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = join(ROOT, 'runtime/bin/millwright.js');
const DEMO = join(ROOT, 'flows/demo-plant');

type Json = Record<string, unknown> & { nodes: Item[]; wires: Wire[]; configs?: Item[] };
type Item = Record<string, unknown> & {
  id: string;
  config: Record<string, unknown>;
  position?: { x: number; y: number };
};
interface Wire {
  from: { node: string; port: number };
  to: { node: string; port: number };
}
/** The flow files of a branch by file name; an edit changes, adds or deletes entries. */
type Files = Map<string, Json>;

const P = 'production.flow.json';
const R = 'reporting.flow.json';
const W = 'work-orders.flow.json';

const flow = (files: Files, name: string): Json => files.get(name) ?? expect.fail(`no ${name}`);
const node = (f: Json, id: string): Item => f.nodes.find((n) => n.id === id) ?? expect.fail(`no node ${id}`);
const cfg = (f: Json, id: string): Item => f.configs?.find((n) => n.id === id) ?? expect.fail(`no config ${id}`);
const wire = (from: string, fromPort: number, to: string): Wire => ({
  from: { node: from, port: fromPort },
  to: { node: to, port: 0 },
});
const debugNode = (id: string, x: number, y: number): Item => ({
  id,
  type: 'debug',
  typeVersion: 1,
  name: id,
  config: { active: true, property: 'payload', statusText: false, toConsole: false },
  position: { x, y },
});
const removeNode = (f: Json, id: string): void => {
  f.nodes = f.nodes.filter((n) => n.id !== id);
  f.wires = f.wires.filter((w) => w.from.node !== id && w.to.node !== id);
};
const hasWire = (f: Json, w: Wire): boolean =>
  f.wires.some(
    (x) => x.from.node === w.from.node && x.from.port === w.from.port && x.to.node === w.to.node && x.to.port === 0,
  );

interface MergeCase {
  name: string;
  ours: (files: Files) => void;
  theirs: (files: Files) => void;
  /** Expected conflicts as `<file> <path>`; none: the merge must be clean. */
  conflicts?: string[];
  /** What the merged files must hold (both sides' edits, or ours where a conflict is left open). */
  check: (files: Files) => void;
}

const CASES: MergeCase[] = [
  {
    name: 'different nodes of one flow',
    ours: (fs) => void (node(flow(fs, P), 'prod-plc').name = 'Machine 1 (PLC)'),
    theirs: (fs) => void (node(flow(fs, P), 'prod-oee-debug').config['toConsole'] = true),
    check: (fs) => {
      expect(node(flow(fs, P), 'prod-plc').name).toBe('Machine 1 (PLC)');
      expect(node(flow(fs, P), 'prod-oee-debug').config['toConsole']).toBe(true);
    },
  },
  {
    name: 'one node, different fields (name and config)',
    ours: (fs) => void (node(flow(fs, P), 'prod-plc').config['publishingIntervalMs'] = 500),
    theirs: (fs) => void (node(flow(fs, P), 'prod-plc').name = 'Machine1 subscription'),
    check: (fs) => {
      expect(node(flow(fs, P), 'prod-plc').config['publishingIntervalMs']).toBe(500);
      expect(node(flow(fs, P), 'prod-plc').name).toBe('Machine1 subscription');
    },
  },
  {
    name: 'one node, adjacent config keys (a text merge conflicts on neighbouring lines)',
    ours: (fs) => void (node(flow(fs, P), 'prod-plc').config['queueSize'] = 100),
    theirs: (fs) => void (node(flow(fs, P), 'prod-plc').config['samplingIntervalMs'] = 100),
    check: (fs) => {
      expect(node(flow(fs, P), 'prod-plc').config['queueSize']).toBe(100);
      expect(node(flow(fs, P), 'prod-plc').config['samplingIntervalMs']).toBe(100);
    },
  },
  {
    name: 'different flows',
    ours: (fs) => void (node(flow(fs, W), 'wo-fetch').config['timeoutMs'] = 8000),
    theirs: (fs) => void (node(flow(fs, P), 'prod-uns').name = 'UNS machine data (line 1)'),
    check: (fs) => {
      expect(node(flow(fs, W), 'wo-fetch').config['timeoutMs']).toBe(8000);
      expect(node(flow(fs, P), 'prod-uns').name).toBe('UNS machine data (line 1)');
    },
  },
  {
    name: 'one node, two items of one list on the two sides',
    ours: (fs) => void (items(flow(fs, P), 'prod-plc')[3]!.nodeId = 'ns=1;s=Line1.Machine1.Reason'),
    theirs: (fs) => void (items(flow(fs, P), 'prod-plc')[7]!.nodeId = 'ns=1;s=Line1.Machine1.TempSetpoint'),
    check: (fs) => {
      expect(items(flow(fs, P), 'prod-plc')[3]!.nodeId).toBe('ns=1;s=Line1.Machine1.Reason');
      expect(items(flow(fs, P), 'prod-plc')[7]!.nodeId).toBe('ns=1;s=Line1.Machine1.TempSetpoint');
    },
  },
  {
    name: 'same field changed differently (conflict)',
    ours: (fs) => void (node(flow(fs, P), 'prod-plc').config['publishingIntervalMs'] = 500),
    theirs: (fs) => {
      node(flow(fs, P), 'prod-plc').config['publishingIntervalMs'] = 1000;
      node(flow(fs, P), 'prod-plc').name = 'PLC';
    },
    conflicts: [`${P} $.nodes["prod-plc"].config.publishingIntervalMs`],
    check: (fs) => {
      expect(node(flow(fs, P), 'prod-plc').config['publishingIntervalMs']).toBe(500);
      expect(node(flow(fs, P), 'prod-plc').name).toBe('PLC');
    },
  },
  {
    name: 'same field changed alike on both sides',
    ours: (fs) => void (node(flow(fs, R), 'rep-report').name = 'B2MML performance'),
    theirs: (fs) => void (node(flow(fs, R), 'rep-report').name = 'B2MML performance'),
    check: (fs) => expect(node(flow(fs, R), 'rep-report').name).toBe('B2MML performance'),
  },
  {
    name: 'node moved on one side, its config changed on the other',
    ours: (fs) => void (node(flow(fs, P), 'demo-oee').position = { x: 600, y: 40 }),
    theirs: (fs) => void (node(flow(fs, P), 'demo-oee').config['emitIntervalMs'] = 5000),
    check: (fs) => {
      expect(node(flow(fs, P), 'demo-oee').position).toEqual({ x: 600, y: 40 });
      expect(node(flow(fs, P), 'demo-oee').config['emitIntervalMs']).toBe(5000);
    },
  },
  {
    name: 'the same new flow file added on both sides, with different nodes (no base)',
    ours: (fs) => fs.set('line2.flow.json', line2(['l2-tick', 'l2-ours'])),
    theirs: (fs) => fs.set('line2.flow.json', line2(['l2-tick', 'l2-theirs'])),
    check: (fs) => {
      expect(flow(fs, 'line2.flow.json').nodes.map((n) => n.id)).toEqual(['l2-tick', 'l2-ours', 'l2-theirs']);
      expect(flow(fs, 'line2.flow.json').wires).toHaveLength(2);
    },
  },
  {
    name: 'same node moved to different places (conflict)',
    ours: (fs) => void (node(flow(fs, W), 'wo-pick').position = { x: 540, y: 100 }),
    theirs: (fs) => void (node(flow(fs, W), 'wo-pick').position = { x: 520, y: 120 }),
    conflicts: [`${W} $.nodes["wo-pick"].position`],
    check: (fs) => expect(node(flow(fs, W), 'wo-pick').position).toEqual({ x: 540, y: 100 }),
  },
  {
    name: 'both add a node wired to the same output (a text merge conflicts at the list ends)',
    ours: (fs) => {
      flow(fs, P).nodes.push(debugNode('ours-oee-log', 800, 120));
      flow(fs, P).wires.push(wire('demo-oee', 0, 'ours-oee-log'));
    },
    theirs: (fs) => {
      flow(fs, P).nodes.push(debugNode('theirs-oee-log', 800, 140));
      flow(fs, P).wires.push(wire('demo-oee', 0, 'theirs-oee-log'));
    },
    check: (fs) => {
      const f = flow(fs, P);
      expect(f.nodes.map((n) => n.id)).toEqual(expect.arrayContaining(['ours-oee-log', 'theirs-oee-log']));
      expect(hasWire(f, wire('demo-oee', 0, 'ours-oee-log')) && hasWire(f, wire('demo-oee', 0, 'theirs-oee-log'))).toBe(
        true,
      );
    },
  },
  {
    name: 'a wire removed on one side, another added on the other',
    ours: (fs) => void (flow(fs, P).wires = flow(fs, P).wires.filter((w) => w.to.node !== 'prod-oee-debug')),
    theirs: (fs) => void flow(fs, P).wires.push(wire('prod-machine', 0, 'prod-nc-debug')),
    check: (fs) => {
      expect(hasWire(flow(fs, P), wire('demo-oee', 0, 'prod-oee-debug'))).toBe(false);
      expect(hasWire(flow(fs, P), wire('prod-machine', 0, 'prod-nc-debug'))).toBe(true);
    },
  },
  {
    name: 'a node added on one side, another removed on the other',
    ours: (fs) => {
      flow(fs, R).nodes.push(debugNode('rep-key-debug', 740, 180));
      flow(fs, R).wires.push(wire('rep-key', 0, 'rep-key-debug'));
    },
    theirs: (fs) => removeNode(flow(fs, P), 'prod-nc-debug'),
    check: (fs) => {
      expect(node(flow(fs, R), 'rep-key-debug').type).toBe('debug');
      expect(flow(fs, P).nodes.some((n) => n.id === 'prod-nc-debug')).toBe(false);
    },
  },
  {
    name: 'a node removed on one side, a wire to another node added on the other (same flow)',
    ours: (fs) => removeNode(flow(fs, P), 'prod-oee-debug'),
    theirs: (fs) => void flow(fs, P).wires.push(wire('prod-machine', 1, 'prod-nc-debug')),
    check: (fs) => {
      expect(flow(fs, P).nodes.some((n) => n.id === 'prod-oee-debug')).toBe(false);
      expect(hasWire(flow(fs, P), wire('prod-machine', 1, 'prod-nc-debug'))).toBe(true);
    },
  },
  {
    name: 'a node removed on one side and changed on the other (conflict)',
    ours: (fs) => removeNode(flow(fs, P), 'prod-oee-debug'),
    theirs: (fs) => void (node(flow(fs, P), 'prod-oee-debug').name = 'OEE (kept)'),
    conflicts: [`${P} $.nodes["prod-oee-debug"]`],
    // The changed node is kept so nothing is lost; its wires stay as the merge of the wires has them.
    check: (fs) => expect(node(flow(fs, P), 'prod-oee-debug').name).toBe('OEE (kept)'),
  },
  {
    name: 'a node removed on one side, a wire to it added on the other (conflict)',
    ours: (fs) => removeNode(flow(fs, P), 'prod-nc-debug'),
    theirs: (fs) => void flow(fs, P).wires.push(wire('prod-machine', 1, 'prod-nc-debug')),
    conflicts: [`${P} $.wires["prod-machine:1->prod-nc-debug:0"]`],
    check: (fs) => expect(flow(fs, P).wires.some((w) => w.to.node === 'prod-nc-debug')).toBe(false),
  },
  {
    name: 'flow renamed on one side, a node changed on the other',
    ours: (fs) => void (flow(fs, R).name = 'Demo: performance reporting'),
    theirs: (fs) => void (node(flow(fs, R), 'rep-erp-post').config['timeoutMs'] = 8000),
    check: (fs) => {
      expect(flow(fs, R).name).toBe('Demo: performance reporting');
      expect(node(flow(fs, R), 'rep-erp-post').config['timeoutMs']).toBe(8000);
    },
  },
  {
    name: 'flow renamed differently on both sides (conflict)',
    ours: (fs) => void (flow(fs, R).name = 'Reporting to ERP'),
    theirs: (fs) => void (flow(fs, R).name = 'ERP reporting'),
    conflicts: [`${R} $.name`],
    check: (fs) => expect(flow(fs, R).name).toBe('Reporting to ERP'),
  },
  {
    name: 'flow file renamed (git mv) on one side, a node changed on the other',
    ours: (fs) => {
      fs.set('line1-production.flow.json', flow(fs, P));
      fs.delete(P);
    },
    theirs: (fs) => void (node(flow(fs, P), 'prod-uns').name = 'UNS machine1 data'),
    check: (fs) => {
      expect(fs.has(P)).toBe(false);
      expect(node(flow(fs, 'line1-production.flow.json'), 'prod-uns').name).toBe('UNS machine1 data');
    },
  },
  {
    name: 'flow settings (placement, context) and a config node on the two sides',
    ours: (fs) => {
      flow(fs, W).placement = { mode: 'once', labels: { line: '1' } };
      cfg(flow(fs, P), 'prod-broker').config['protocol'] = '5';
    },
    theirs: (fs) => {
      flow(fs, W).context = { store: 'file', flushIntervalMs: 0, maxBytes: 2_097_152 };
      cfg(flow(fs, P), 'prod-broker').name = 'line broker';
    },
    check: (fs) => {
      expect(flow(fs, W).placement).toEqual({ mode: 'once', labels: { line: '1' } });
      expect(flow(fs, W).context).toEqual({ store: 'file', flushIntervalMs: 0, maxBytes: 2_097_152 });
      expect(cfg(flow(fs, P), 'prod-broker').config['protocol']).toBe('5');
      expect(cfg(flow(fs, P), 'prod-broker').name).toBe('line broker');
    },
  },
];

function items(f: Json, id: string): Array<{ name: string; nodeId: string }> {
  const list = node(f, id).config['items'];
  if (!Array.isArray(list)) return expect.fail(`${id} has no items`);
  return list as Array<{ name: string; nodeId: string }>;
}

/** A small new flow: an inject node wired to a debug node per further id. */
function line2(ids: string[]): Json {
  const [tick = 'l2-tick', ...debugs] = ids;
  return {
    version: 1,
    id: 'demo-line2',
    name: 'Line 2',
    nodes: [
      { id: tick, type: 'inject', typeVersion: 1, config: {}, position: { x: 100, y: 100 } },
      ...debugs.map((id, i) => debugNode(id, 300, 100 + 60 * i)),
    ],
    wires: debugs.map((id) => wire(tick, 0, id)),
  };
}

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'test',
  GIT_AUTHOR_EMAIL: 'test@example.invalid',
  GIT_COMMITTER_NAME: 'test',
  GIT_COMMITTER_EMAIL: 'test@example.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  NODE_OPTIONS: '',
};

function git(cwd: string, args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile('git', args, { cwd, env: GIT_ENV }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, out: `${stdout}${stderr}` });
    });
  });
}

async function mustGit(cwd: string, args: string[]): Promise<void> {
  const r = await git(cwd, args);
  if (r.code !== 0) throw new Error(`git ${args.join(' ')}: ${r.out}`);
}

const stable = (f: Json): string => `${JSON.stringify(sortKeys(f), null, 2)}\n`;

/** The flow files of the working tree, parsed (a file that is not JSON fails the test here). */
async function readFiles(dir: string): Promise<Files> {
  const files: Files = new Map();
  for (const name of (await readdir(dir)).filter((n) => n.endsWith('.flow.json')).sort())
    files.set(name, JSON.parse(await readFile(join(dir, name), 'utf8')) as Json);
  return files;
}

/** Applies an edit to the branch's flow files and commits it. */
async function commitEdit(dir: string, edit: (files: Files) => void, message: string): Promise<void> {
  const files = await readFiles(dir);
  const before = new Set(files.keys());
  edit(files);
  for (const name of before) if (!files.has(name)) await rm(join(dir, name));
  for (const [name, f] of files) await writeFile(join(dir, name), stable(f));
  await mustGit(dir, ['add', '-A']);
  await mustGit(dir, ['commit', '-q', '-m', message]);
}

interface Outcome {
  code: number;
  out: string;
  files: Files;
  texts: Map<string, string>;
}

/** A repo with the demo plant's flows and the driver configured; ours on main, theirs on a branch; git merge. */
async function mergeCase(root: string, index: number, c: MergeCase): Promise<Outcome> {
  const dir = join(root, `case-${index + 1}`);
  await mkdir(dir);
  await mustGit(dir, ['init', '-q', '-b', 'main']);
  await mustGit(dir, ['config', 'merge.millwright.name', 'Millwright flow merge']);
  // With the flags of its shebang (as an installed `millwright` runs), so bin/millwright.js does not re-exec.
  const driver = `"${process.execPath}" ${NODE_FLAGS.join(' ')} "${BIN}" merge-driver %O %A %B %P`;
  await mustGit(dir, ['config', 'merge.millwright.driver', driver]);
  await writeFile(join(dir, '.gitattributes'), '*.flow.json merge=millwright\n');
  for (const name of [P, R, W]) await cp(join(DEMO, name), join(dir, name));
  await mustGit(dir, ['add', '-A']);
  await mustGit(dir, ['commit', '-q', '-m', 'base: the demo plant']);
  await mustGit(dir, ['checkout', '-q', '-b', 'theirs']);
  await commitEdit(dir, c.theirs, `theirs: ${c.name}`);
  await mustGit(dir, ['checkout', '-q', 'main']);
  await commitEdit(dir, c.ours, `ours: ${c.name}`);
  const merge = await git(dir, ['merge', '--no-edit', 'theirs']);
  const texts = new Map<string, string>();
  for (const name of (await readdir(dir)).filter((n) => n.endsWith('.flow.json')))
    texts.set(name, await readFile(join(dir, name), 'utf8'));
  return { ...merge, files: await readFiles(dir), texts };
}

describe('millwright merge-driver under git merge: 20 pairs of concurrent edits to the demo plant', () => {
  let root: string;
  let registry: NodeRegistry;
  const base = new Map<string, string>();

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'mw-merge-'));
    registry = await loadCliRegistry(nodeSources({}), { out: () => {}, err: (l) => console.error(l) });
    for (const name of [P, R, W]) base.set(name, await readFile(join(DEMO, name), 'utf8'));
  });
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('has 20 cases', () => expect(CASES).toHaveLength(20));

  // Cases run five at a time (git and the driver are child processes); flow tests one at a time.
  let flowTests: Promise<unknown> = Promise.resolve();
  CASES.forEach((c, index) => {
    it.concurrent(`${index + 1}. ${c.name}`, async () => {
      const r = await mergeCase(root, index, c);
      // Every file is valid JSON (readFiles parsed it) in the stable format.
      for (const [name, f] of r.files) expect(r.texts.get(name), name).toBe(stable(f));
      c.check(r.files);
      const open = [...r.files].flatMap(([name, f]) =>
        Array.isArray(f['conflicts'])
          ? (f['conflicts'] as Array<{ pathString: string }>).map((x) => `${name} ${x.pathString}`)
          : [],
      );
      expect(open).toEqual(c.conflicts ?? []);
      // Resolved as ours (the conflicts list dropped), every merge is a valid deployment.
      const dir = join(root, `case-${index + 1}-resolved`);
      await mkdir(dir);
      for (const [name, f] of r.files) {
        delete f['conflicts'];
        await writeFile(join(dir, name), stable(f));
      }
      // The other demo flows as they are: production's link-out names a link-in of the dashboards flow;
      // the shared config document holds the PLC connection the flows use.
      for (const name of await readdir(DEMO))
        if (
          (name.endsWith('.flow.json') || name.endsWith('.config.json')) &&
          ![P, R, W].includes(name) &&
          !r.files.has(name)
        )
          await cp(join(DEMO, name), join(dir, name));
      const check = await checkFlowFiles([dir], registry);
      expect(check.ok ? [] : check.faults).toEqual([]);
      if (c.conflicts) {
        expect(r.code).not.toBe(0);
        for (const path of c.conflicts) expect(r.out).toContain(`conflict at ${path.split(' ')[1]}`);
        return;
      }
      expect(r.code, r.out).toBe(0);
      // The demo plant's flow tests, for the flows the merge changed (the others are the base files).
      const changed = [...r.texts].filter(([name, text]) => base.get(name) !== text).map(([name]) => name);
      const tests = [P, R, W].filter((name) =>
        changed.some((n) => r.files.get(n)?.id === JSON.parse(base.get(name) ?? '{}').id),
      );
      for (const name of tests)
        await cp(
          join(DEMO, name.replace('.flow.json', '.tests.json')),
          join(dir, name.replace('.flow.json', '.tests.json')),
        );
      if (!tests.length) return;
      const turn = flowTests.then(() => runFlowTests({ paths: [dir], registry }));
      flowTests = turn.catch(() => undefined);
      const run = await turn;
      expect(run.failed, JSON.stringify(run.files.filter((f) => f.problem || f.cases.some((x) => !x.ok)))).toBe(0);
      expect(run.passed).toBeGreaterThan(0);
    });
  });
});
