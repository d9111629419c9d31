import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverNodePackages } from './discover-node-packages.js';
import { loadInstalledNodes } from './node-packages.js';

const REPO_NODE_MODULES = fileURLToPath(new URL('../../../node_modules', import.meta.url));

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mw-discover-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Writes a package folder; `entry` is the source of src/index.ts (omitted: no entry file). */
async function pkg(dir: string, json: Record<string, unknown> | string, entry?: string): Promise<string> {
  await mkdir(join(dir, 'src'), { recursive: true });
  await writeFile(join(dir, 'package.json'), typeof json === 'string' ? json : JSON.stringify(json));
  if (entry !== undefined) await writeFile(join(dir, 'src/index.ts'), entry);
  // What `npm install` of the peer dependencies gives: @millwright/sdk and zod resolvable from the package.
  await symlink(REPO_NODE_MODULES, join(dir, 'node_modules'));
  return dir;
}

const nodeSource = (type: string, extra = '') => `
import { defineNode } from '@millwright/sdk';
import { z } from 'zod';
${extra}
export const nodes = [defineNode({
  type: '${type}', category: 'function', version: 1, description: '${type} node', inputs: 1, outputs: ['out'],
  config: z.object({ factor: z.number().default(2).meta({ description: 'Multiplier' }) }),
  setup: (ctx) => ({ input: (msg) => ctx.send({ ...msg, payload: Number(msg.payload) * ctx.config.factor }) }),
})];
`;
const section = { millwright: { nodes: ['./src/index.ts'] } };

describe('discoverNodePackages', () => {
  it('finds packages with a millwright section in node_modules (also scoped) and in nodes dirs', async () => {
    const nm = join(root, 'a/node_modules');
    const nodesDir = join(root, 'a/nodes');
    await pkg(join(nm, 'lodash-ish'), { name: 'lodash-ish', version: '1.0.0' }); // not a node package: skipped
    await pkg(join(nm, '@acme/torque'), { name: '@acme/torque', version: '2.1.0', ...section }, nodeSource('torque'));
    await pkg(join(nodesDir, 'local'), { name: 'local-nodes', ...section }, nodeSource('local-x'));
    await pkg(join(nodesDir, 'plain'), { name: 'plain' }); // in a nodes dir: reported
    const found = await discoverNodePackages({ nodeModulesDirs: [nm], nodesDirs: [nodesDir] });
    expect(found.map((p) => [p.name, p.source, p.version, p.error])).toEqual([
      ['local-nodes', 'nodes-dir', undefined, undefined],
      ['plain', 'nodes-dir', undefined, 'package.json has no "millwright" section'],
      ['@acme/torque', 'node_modules', '2.1.0', undefined],
    ]);
    expect(found[2]?.entries).toEqual([pathToFileURL(join(nm, '@acme/torque/src/index.ts')).href]);
  });

  it('loads millwright.sources instead of millwright.nodes in dev mode only', async () => {
    const nm = join(root, 'dev/node_modules');
    const both = { name: 'both', millwright: { nodes: ['./src/index.ts'], sources: ['./src/dev.ts'] } };
    const dir = await pkg(join(nm, 'both'), both, nodeSource('both-x'));
    await writeFile(join(dir, 'src/dev.ts'), nodeSource('both-x'));
    const [prod] = await discoverNodePackages({ nodeModulesDirs: [nm] });
    const [dev] = await discoverNodePackages({ nodeModulesDirs: [nm], dev: true });
    expect(prod?.entries).toEqual([pathToFileURL(join(dir, 'src/index.ts')).href]);
    expect(dev?.entries).toEqual([pathToFileURL(join(dir, 'src/dev.ts')).href]);
  });

  it('reports bad package.json, missing or escaping entries and duplicate names; a nodes dir copy wins', async () => {
    const nm = join(root, 'b/node_modules');
    const nodesDir = join(root, 'b/nodes');
    await pkg(join(nm, 'broken-json'), '{ "name": ');
    await pkg(join(nm, 'no-entry'), { name: 'no-entry', millwright: { nodes: ['./dist/index.js'] } });
    await pkg(join(nm, 'escape'), { name: 'escape', millwright: { nodes: ['../../x.ts'] } });
    await pkg(join(nm, 'empty'), { name: 'empty', millwright: {} });
    await pkg(join(nm, 'dup'), { name: 'dup', ...section }, nodeSource('dup'));
    await pkg(join(nodesDir, 'dup'), { name: 'dup', ...section }, nodeSource('dup'));
    const found = await discoverNodePackages({ nodeModulesDirs: [nm], nodesDirs: [nodesDir] });
    const errors = Object.fromEntries(found.map((p) => [`${p.source}:${p.name.replace(root, '')}`, p.error]));
    expect(errors).toEqual({
      'nodes-dir:dup': undefined,
      'node_modules:/b/node_modules/broken-json': expect.stringMatching(/^package\.json is not valid JSON/),
      'node_modules:dup': expect.stringMatching(/^duplicate package "dup": already loaded from .*b\/nodes\/dup$/),
      'node_modules:empty': '"millwright.nodes" must list the entry files, e.g. ["./dist/index.js"]',
      'node_modules:escape': 'entry "../../x.ts" lies outside the package',
      'node_modules:no-entry': 'entry "./dist/index.js" does not exist (not built yet? run "npm run build")',
    });
  });
});

describe('loadInstalledNodes', () => {
  it('registers good packages, reports broken ones and keeps going', async () => {
    const nodesDir = join(root, 'c/nodes');
    await pkg(join(nodesDir, 'good'), { name: 'good-nodes', version: '0.3.0', ...section }, nodeSource('scale-x'));
    await pkg(
      join(nodesDir, 'throws'),
      { name: 'throws', ...section },
      nodeSource('never', "throw new Error('boom at import');"),
    );
    await pkg(join(nodesDir, 'clash'), { name: 'clash', ...section }, nodeSource('inject'));
    const problems: string[] = [];
    const installed = await loadInstalledNodes({
      nodeModules: ['@millwright/nodes-core'],
      nodesDirs: [nodesDir],
      onProblem: (p) => problems.push(p.name),
    });
    expect(installed.registry.sourceOf('scale-x')).toBe('good-nodes');
    expect(installed.registry.definition('never')).toBeUndefined();
    expect(installed.registry.sourceOf('inject')).toBe('@millwright/nodes-core');
    expect(installed.packages.map((p) => [p.name, p.types, p.error])).toEqual([
      ['clash', [], 'node type "inject" is already defined by "@millwright/nodes-core"'],
      ['good-nodes', ['scale-x'], undefined],
      ['throws', [], expect.stringMatching(/^cannot load node module "file:.*throws\/src\/index\.ts": boom at import/)],
    ]);
    expect(problems).toEqual(['clash', 'throws']);
    expect(installed.registry.extensions()).toEqual([]);
    expect(installed.workerModules).toEqual([
      '@millwright/nodes-core',
      pathToFileURL(join(nodesDir, 'good/src/index.ts')).href,
    ]);
  });
});

describe('custom node packages with family extensions', () => {
  it("registers a package's admin route; refuses one that takes a route another family serves", async () => {
    const nodesDir = join(root, 'ext/nodes');
    const withRoute = (type: string, id: string, path: string) =>
      nodeSource(type).replace(
        "import { defineNode } from '@millwright/sdk';",
        "import { defineNode } from '@millwright/sdk';\n" +
          `export const extensions = [{ id: '${id}', routes: [{ method: 'GET', path: '${path}', permission: 'flows:read', handle: () => ({ body: 1 }) }] }];`,
      );
    await pkg(
      join(nodesDir, 'routes'),
      { name: 'routes-pkg', ...section },
      withRoute('routes-x', 'routes-pkg', '/routes-pkg/hello'),
    );
    await pkg(
      join(nodesDir, 'taken'),
      { name: 'taken-pkg', ...section },
      withRoute('taken-x', 'taken-pkg', '/opcua/browse'),
    );
    const installed = await loadInstalledNodes({ nodeModules: ['@millwright/nodes-opcua'], nodesDirs: [nodesDir] });
    expect(installed.registry.extensions().map((e) => e.id)).toEqual(['opcua', 'routes-pkg']);
    expect(installed.packages.map((p) => [p.name, p.error])).toEqual([
      ['routes-pkg', undefined],
      ['taken-pkg', 'route GET /opcua/browse of "taken-pkg" is already served by "opcua"'],
    ]);
    expect(installed.registry.definition('taken-x')).toBeUndefined();
  });
});
