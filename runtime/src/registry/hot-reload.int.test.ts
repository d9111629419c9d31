import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DebugEvent, LogEvent, NodeCatalogEntry, RuntimeEvent } from '@millwright/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scaffoldNodePackage } from '../scaffold/scaffold-node-package.js';
import { startTestRuntime, testFlow, waitForEvent, type TestRuntime } from '../testing/test-runtime.js';

const REPO_NODE_MODULES = fileURLToPath(new URL('../../../node_modules', import.meta.url));

let root: string;
let impl: string;
let t: TestRuntime;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mw-hot-reload-'));
  const nodesDir = join(root, 'nodes');
  const { dir } = await scaffoldNodePackage({ name: 'torque-nodes', type: 'torque', parentDir: nodesDir });
  await symlink(REPO_NODE_MODULES, join(dir, 'node_modules'));
  impl = join(dir, 'src/torque');
  t = await startTestRuntime({
    nodeModules: ['@millwright/nodes-core'],
    nodesDir,
    // The runtime's default isolation, as `millwright start --dev` runs it (each flow in a process
    // of its own: a shared pool host would keep the old module).
    isolation: undefined,
    dev: true,
  });
  const uses = testFlow(
    'uses',
    [
      ['uses-in', 'inject', { payloadType: 'number', payload: '21' }],
      ['uses-torque', 'torque', { factor: 2 }],
      ['uses-out', 'debug', {}],
    ],
    [
      ['uses-in', 'uses-torque'],
      ['uses-torque', 'uses-out'],
    ],
  );
  const other = testFlow(
    'other',
    [
      ['other-in', 'inject', { payloadType: 'string', payload: 'still here' }],
      ['other-out', 'debug', {}],
    ],
    [['other-in', 'other-out']],
  );
  expect((await t.api('POST', '/api/flows', { flows: [uses, other] })).status).toBe(200);
  for (const id of ['uses', 'other'])
    await waitForEvent(
      t,
      (e): e is RuntimeEvent => e.type === 'flow-state' && e.flowId === id && e.state === 'running',
      30_000,
    );
}, 60_000);
afterAll(async () => {
  await t?.close();
  await rm(root, { recursive: true, force: true });
});

/** Presses an inject node and resolves with the next value its flow's debug node shows. */
async function injectAndRead(flow: string): Promise<unknown> {
  const seen = t.events.length;
  expect((await t.api('POST', `/api/inject/${flow}-in`)).status).toBe(200);
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const hit = t.events.slice(seen).find((e): e is DebugEvent => e.type === 'debug' && e.nodeId === `${flow}-out`);
    if (hit) return hit.value;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no debug output from ${flow}`);
}

async function nextReloadLog(after: number): Promise<LogEvent> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const hit = t.events
      .slice(after)
      .find((e): e is LogEvent => e.type === 'log' && e.flowId === '' && /node package "torque-nodes"/.test(e.message));
    if (hit) return hit;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('no reload log event');
}

describe('dev-mode reload of a node package', () => {
  it('swaps implementation and schema, restarting only the flows that use the package', async () => {
    expect(await injectAndRead('uses')).toBe(42);
    const before = t.events.length;
    const code = await readFile(join(impl, 'torque.ts'), 'utf8');
    await writeFile(
      join(impl, 'torque.ts'),
      code.replace('(value * factor + offset)', '(value * factor + offset + 1000)'),
    );
    const config = await readFile(join(impl, 'config.ts'), 'utf8');
    await writeFile(
      join(impl, 'config.ts'),
      config.replace(
        'export const torqueConfig = z.object({',
        "export const torqueConfig = z.object({\n  unit: z.string().default('Nm').meta({ description: 'Unit of the result.' }),",
      ),
    );
    const log = await nextReloadLog(before);
    expect(log).toMatchObject({
      level: 'info',
      message: 'reloaded node package "torque-nodes" (torque); restarted 1 flow(s)',
    });

    const after = t.events.slice(before);
    const states = (id: string) =>
      after.filter((e) => e.type === 'flow-state' && e.flowId === id).map((e) => 'state' in e && e.state);
    expect(states('uses')).toEqual(['stopped', 'starting', 'running']);
    expect(states('other')).toEqual([]);
    expect(after.some((e) => e.type === 'deploy' && e.mode === 'flows')).toBe(true);

    expect(await injectAndRead('uses')).toBe(1042);
    expect(await injectAndRead('other')).toBe('still here');
    const catalog = (await t.api('GET', '/api/nodes')).body as NodeCatalogEntry[];
    const props = catalog.find((e) => e.type === 'torque')?.configSchema['properties'] as Record<string, unknown>;
    expect(props['unit']).toMatchObject({ type: 'string', default: 'Nm', description: 'Unit of the result.' });
  });

  it('keeps the running version when the package no longer loads', async () => {
    const before = t.events.length;
    await writeFile(join(impl, 'torque.ts'), 'export function createTorque( {');
    const log = await nextReloadLog(before);
    expect(log.level).toBe('error');
    expect(log.message).toMatch(/^reload of node package "torque-nodes" failed, keeping the running version: /);
    expect(t.events.slice(before).filter((e) => e.type === 'flow-state')).toEqual([]);
    expect(await injectAndRead('uses')).toBe(1042);
  });
});
