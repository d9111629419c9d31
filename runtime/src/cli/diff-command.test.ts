import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Flow, FlowDiff, FlowNode } from '@millwright/model';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { main } from './main.js';

const DEMO_PLANT = fileURLToPath(new URL('../../../flows/demo-plant', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/millwright.js', import.meta.url));
/** Three demo flows (production, reporting, work-orders), so the figures below hold when the demo grows. */
let DEMO: string;
let dir: string;
let out: string[];
let err: string[];
const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };

beforeAll(async () => {
  DEMO = await mkdtemp(join(tmpdir(), 'mw-diff-base-'));
  for (const n of ['production', 'reporting', 'work-orders'])
    await cp(join(DEMO_PLANT, `${n}.flow.json`), join(DEMO, `${n}.flow.json`));
});
afterAll(() => rm(DEMO, { recursive: true, force: true }));

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mw-diff-'));
  await cp(DEMO, dir, { recursive: true });
  out = [];
  err = [];
});
afterEach(() => rm(dir, { recursive: true, force: true }));

type EditableFlow = Flow & { nodes: Array<FlowNode & { config: { publishingIntervalMs?: number } }> };

async function edit(file: string, change: (flow: EditableFlow) => void): Promise<void> {
  const path = join(dir, file);
  const flow = JSON.parse(await readFile(path, 'utf8')) as EditableFlow;
  change(flow);
  await writeFile(path, JSON.stringify(flow));
}

describe('millwright diff', () => {
  it('prints the semantic difference of two folders of flow files, as text and as JSON', async () => {
    await edit('production.flow.json', (f) => {
      const plc = f.nodes[0] ?? expect.fail('no node');
      f.name = 'Production';
      plc.config.publishingIntervalMs = 500;
      plc.position.x = 140;
      f.wires = f.wires.filter(
        (w) => !(w.from.node === 'demo-quality' && w.from.port === 2 && w.to.node === 'prod-nc-uns'),
      );
    });
    await rm(join(dir, 'reporting.flow.json'));
    expect(await main(['diff', DEMO, dir], io)).toBe(0);
    expect(out).toEqual([
      '~ flow demo-production "Production"',
      '    renamed "Demo: production" → "Production"',
      '  ~ node prod-plc (opcua-subscribe "Machine1")',
      '      moved (100, 160) → (140, 160)',
      '      config.publishingIntervalMs: 200 → 500',
      '  - wire demo-quality:2 → prod-nc-uns:0',
      '- flow demo-reporting "Demo: reporting" (8 nodes)',
      '1 flow(s) changed, 0 added, 1 removed, 1 unchanged',
    ]);
    out = [];
    expect(
      await main(
        ['diff', join(DEMO, 'production.flow.json'), join(dir, 'production.flow.json'), '--json', '--exit-code'],
        io,
      ),
    ).toBe(1);
    const diff = JSON.parse(out.join('\n')) as FlowDiff;
    expect(diff.flows[0]?.nodes[0]?.fields[0]).toEqual({
      kind: 'changed',
      path: ['nodes', { id: 'prod-plc' }, 'config', 'publishingIntervalMs'],
      pathString: '$.nodes["prod-plc"].config.publishingIntervalMs',
      before: 200,
      after: 500,
    });
  });

  it('compares a deployed flows.json (or a kept revision) with a folder of flow files', async () => {
    const flows = await Promise.all(
      ['production', 'reporting', 'work-orders'].map(async (n) =>
        JSON.parse(await readFile(join(DEMO, `${n}.flow.json`), 'utf8')),
      ),
    );
    flows[1].nodes[0].name = 'from work orders';
    await writeFile(join(dir, 'flows.json'), JSON.stringify({ revision: '7-abc', flows }));
    expect(await main(['diff', join(dir, 'flows.json'), DEMO], io)).toBe(0);
    expect(out).toEqual([
      '~ flow demo-reporting "Demo: reporting"',
      '  ~ node rep-order-complete (link-in "order complete")',
      '      name: "from work orders" → "order complete"',
      '1 flow(s) changed, 0 added, 0 removed, 2 unchanged',
    ]);
  });

  it('serves git diff as its diff driver: changed, added and conflicted flow files', async () => {
    const env = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', NODE_OPTIONS: '' };
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: dir, env, encoding: 'utf8' });
    git('init', '-q');
    git('config', 'diff.millwright.command', `"${process.execPath}" "${BIN}" diff`);
    await writeFile(join(dir, '.gitattributes'), '*.flow.json diff=millwright\n');
    git('add', '-A');
    git('commit', '-qm', 'base');
    await edit('reporting.flow.json', (f) => void (f.name = 'Reporting'));
    await writeFile(
      join(dir, 'extra.flow.json'),
      JSON.stringify({ version: 1, id: 'x', name: 'X', nodes: [], wires: [], conflicts: [] }),
    );
    git('add', 'extra.flow.json');
    const shown = git('diff', 'HEAD');
    expect(shown).toContain(
      ['millwright diff a/extra.flow.json b/extra.flow.json', '+ flow x "X" (0 nodes)'].join('\n'),
    );
    expect(shown).toContain(
      [
        'millwright diff a/reporting.flow.json b/reporting.flow.json',
        '~ flow demo-reporting "Reporting"',
        '    renamed "Demo: reporting" → "Reporting"',
      ].join('\n'),
    );
  });

  it('exits 0 with --exit-code on equal flows, 1 on a file that is no flow, 2 without two paths', async () => {
    expect(await main(['diff', DEMO, dir, '--exit-code'], io)).toBe(0);
    expect(out).toEqual(['no differences (3 flow(s))']);
    await writeFile(join(dir, 'work-orders.flow.json'), '{"id": "x"}');
    expect(await main(['diff', DEMO, dir], io)).toBe(1);
    expect(err.join('\n')).toContain('work-orders.flow.json $.version');
    expect(await main(['diff', DEMO], io)).toBe(2);
  });
});
