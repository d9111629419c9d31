import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DebugEvent, NodeCatalogEntry, NodePackagesResponse, RuntimeEvent } from '@millwright/model';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli/main.js';
import { startTestRuntime, testFlow, waitForEvent, type TestRuntime } from '../testing/test-runtime.js';

// The whole path of a custom node: `millwright create-node`, the package's own tests, installing
// it (a nodes directory, or node_modules as `npm install <path>` would), and using it in a
// deployed flow running in a worker thread.
const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const NAME = 'millwright-node-torque-scale';

let root: string;
let nodesDir: string;
let pkgDir: string;
let t: TestRuntime | undefined;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mw-create-node-'));
  nodesDir = join(root, 'nodes');
  const out: string[] = [];
  const code = await main(['create-node', NAME, '--dir', nodesDir], { out: (l) => out.push(l), err: () => undefined });
  expect(code).toBe(0);
  pkgDir = join(nodesDir, NAME);
  expect(out).toContain(join(pkgDir, 'src/torque-scale/torque-scale.test.ts'));
  // "npm install" in the package: its peer and dev dependencies come from the repo.
  await symlink(join(REPO, 'node_modules'), join(pkgDir, 'node_modules'));
  // What `npm install` runs through the package's prepare script: the runtime loads compiled dist/.
  const build = await run(join(REPO, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json'], pkgDir);
  expect(build.output).toBe('');
}, 60_000);
afterEach(async () => {
  await t?.close();
  t = undefined;
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function run(cmd: string, args: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, NODE_OPTIONS: '', NO_COLOR: '1' } });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    // eslint-disable-next-line no-control-regex -- strip colour codes
    child.on('exit', (code) => resolve({ code, output: output.replace(/\x1b\[[0-9;]*m/g, '') }));
  });
}

describe('a scaffolded node package', () => {
  it('has a millwright section, and its generated tests pass with vitest', async () => {
    const pkg = JSON.parse(await readFile(join(pkgDir, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(pkg).toMatchObject({ name: NAME, type: 'module', millwright: { nodes: ['./dist/index.js'] } });
    expect(pkg['peerDependencies']).toHaveProperty('@millwright/sdk');
    const tests = await run(join(REPO, 'node_modules/.bin/vitest'), ['run'], pkgDir);
    expect(tests.output).toMatch(/Tests\s+4 passed/);
    expect(tests.code).toBe(0);
    const types = await run(join(REPO, 'node_modules/.bin/tsc'), ['-p', '.'], pkgDir);
    expect(types.output).toBe('');
  });

  it('is discovered in a nodes directory, shows in the catalog with its schema, and runs in a deployed flow', async () => {
    t = await startTestRuntime({ nodeModules: ['@millwright/nodes-core'], nodesDir, isolation: 'worker' });
    const nodes = await t.api('GET', '/api/nodes');
    const entry = (nodes.body as NodeCatalogEntry[]).find((e) => e.type === 'torque-scale');
    expect(entry).toMatchObject({
      category: 'function',
      inputs: 1,
      outputs: ['out'],
      defaults: { factor: 1, offset: 0, decimals: 2 },
      configSchema: { properties: { factor: { type: 'number', description: 'Multiplier applied to the value.' } } },
    });
    const packages = (await t.api('GET', '/api/nodes/packages')).body as NodePackagesResponse;
    expect(packages.packages).toEqual([
      { name: NAME, version: '0.1.0', dir: pkgDir, source: 'nodes-dir', types: ['torque-scale'] },
    ]);

    const flow = testFlow(
      'torque',
      [
        ['torque-in', 'inject', { payloadType: 'number', payload: '2153' }],
        ['torque-scale', 'torque-scale', { factor: 0.1, offset: -2, decimals: 1 }],
        ['torque-out', 'debug', {}],
      ],
      [
        ['torque-in', 'torque-scale'],
        ['torque-scale', 'torque-out'],
      ],
    );
    expect((await t.api('POST', '/api/flows', { flows: [flow] })).status).toBe(200);
    const running = (e: RuntimeEvent) => e.type === 'flow-state' && e.flowId === 'torque' && e.state === 'running';
    await waitForEvent(t, (e): e is RuntimeEvent => running(e), 30_000);
    expect((await t.api('POST', '/api/inject/torque-in')).status).toBe(200);
    const debug = await waitForEvent(t, (e): e is DebugEvent => e.type === 'debug' && e.nodeId === 'torque-out');
    expect(debug.value).toBe(213.3);
  });

  it('is discovered in node_modules after an install into a project', async () => {
    const project = join(root, 'project');
    await mkdir(join(project, 'node_modules'), { recursive: true });
    await symlink(pkgDir, join(project, 'node_modules', NAME)); // what `npm install ../nodes/<pkg>` links
    t = await startTestRuntime({
      nodeModules: ['@millwright/nodes-core'],
      nodeModulesDir: join(project, 'node_modules'),
    });
    const packages = (await t.api('GET', '/api/nodes/packages')).body as NodePackagesResponse;
    expect(packages.packages).toMatchObject([{ name: NAME, source: 'node_modules', types: ['torque-scale'] }]);
    const flow = testFlow(
      't2',
      [
        ['s', 'torque-scale', { factor: 3 }],
        ['d', 'debug', {}],
      ],
      [['s', 'd']],
    );
    expect((await t.api('POST', '/api/flows', { flows: [flow] })).status).toBe(200);
  });

  it('refuses to overwrite a folder and explains bad names', async () => {
    const io = { out: () => undefined, err: (l: string) => errs.push(l) };
    const errs: string[] = [];
    expect(await main(['create-node', NAME, '--dir', nodesDir], io)).toBe(1);
    expect(await main(['create-node', 'Bad Name', '--dir', nodesDir], io)).toBe(1);
    expect(await main(['create-node', 'millwright-x', '--type', '9lives', '--dir', nodesDir], io)).toBe(1);
    expect(errs.join('\n')).toMatch(
      /already exists and is not empty[\s\S]*not a valid npm package name[\s\S]*must be kebab-case/,
    );
  });
});
