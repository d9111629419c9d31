import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// What a node author and a plant get from npm: the workspace packages are packed and published to
// a local registry (verdaccio on loopback, the machine's registry as uplink for third-party
// packages); then, in empty folders outside the repo, the runtime is installed from it, a node
// package is scaffolded, installed, tested, type-checked, published, and used in a flow that the
// installed `millwright run` runs. Needs the build (npm test runs it first).
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const NODE_PKG = 'millwright-node-torque';
const MINUTES = 60_000;

let root: string;
let registry: string;
let verdaccio: ChildProcess | undefined;

interface Run {
  code: number | null;
  output: string;
}

function run(
  cmd: string,
  args: string[],
  cwd: string,
  timeoutMs = 5 * MINUTES,
  env: Record<string, string> = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd,
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        NO_COLOR: '1',
        npm_config_registry: registry,
        [`npm_config_//${new URL(registry).host}/:_authToken`]: 'install-test',
        npm_config_audit: 'false',
        npm_config_fund: 'false',
        npm_config_update_notifier: 'false',
        ...env,
      },
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${cmd} ${args.join(' ')} timed out after ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      // eslint-disable-next-line no-control-regex -- strip colour codes
      resolve({ code, output: output.replace(/\x1b\[[0-9;]*m/g, '') });
    });
  });
}

async function ok(
  cmd: string,
  args: string[],
  cwd: string,
  timeoutMs?: number,
  env?: Record<string, string>,
): Promise<string> {
  const r = await run(cmd, args, cwd, timeoutMs, env);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) exited ${r.code}:\n${r.output}`);
  return r.output;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** Workspace folders that are published: every workspace package not marked private. */
async function publishedWorkspaces(): Promise<string[]> {
  const dirs: string[] = [];
  for (const base of ['packages', 'nodes']) for (const d of await readdir(join(REPO, base))) dirs.push(join(base, d));
  dirs.push('runtime');
  const out: string[] = [];
  for (const d of dirs) {
    const pkg = JSON.parse(await readFile(join(REPO, d, 'package.json'), 'utf8')) as { private?: boolean };
    if (!pkg.private) out.push(d);
  }
  return out;
}

beforeAll(async () => {
  if (!existsSync(join(REPO, 'runtime/dist/cli/cli.js')) || !existsSync(join(REPO, 'packages/sdk/dist/index.d.ts')))
    throw new Error('the packages are not built: run "npm run build" (npm test does it first)');
  root = await mkdtemp(join(tmpdir(), 'mw-install-'));
  const port = await freePort();
  // The machine's own registry (stdout only: npm may warn on stderr) is the uplink for third-party packages.
  const uplink = spawnSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8' }).stdout.trim();
  registry = `http://127.0.0.1:${port}/`;
  // JSON is YAML: verdaccio reads it as its config.
  const config = {
    storage: join(root, 'storage'),
    listen: `127.0.0.1:${port}`,
    max_body_size: '200mb',
    auth: { htpasswd: { file: join(root, 'htpasswd') } },
    uplinks: { npmjs: { url: uplink, timeout: '60s' } },
    packages: {
      // Ours are served from here only (never proxied), so the test sees what was just published.
      '@millwright/*': { access: '$all', publish: '$anonymous' },
      [NODE_PKG]: { access: '$all', publish: '$anonymous' },
      '**': { access: '$all', proxy: 'npmjs' },
    },
    log: { type: 'stdout', format: 'pretty', level: 'warn' },
  };
  await writeFile(join(root, 'verdaccio.yaml'), JSON.stringify(config, null, 2));
  const bin = join(REPO, 'node_modules/verdaccio/bin/verdaccio');
  verdaccio = spawn(process.execPath, [bin, '--config', join(root, 'verdaccio.yaml')], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  let log = '';
  verdaccio.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  verdaccio.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    const up = await fetch(`${registry}-/ping`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline || verdaccio.exitCode !== null) throw new Error(`verdaccio did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  for (const ws of await publishedWorkspaces()) await ok('npm', ['publish', '--tag', 'latest'], join(REPO, ws));
}, 3 * MINUTES);

afterAll(async () => {
  verdaccio?.kill('SIGTERM');
  if (root) await rm(root, { recursive: true, force: true });
});

describe('the published packages, installed outside the repository', () => {
  let plant: string;
  let nodePkg: string;

  it('pack with compiled JavaScript and declarations, no TypeScript sources', async () => {
    const pack = spawnSync('npm', ['pack', '--dry-run', '--json'], {
      cwd: join(REPO, 'packages/sdk'),
      encoding: 'utf8',
    });
    const packed = JSON.parse(pack.stdout) as Array<{ files: Array<{ path: string }> }>;
    const files = packed[0]!.files.map((f) => f.path);
    expect(files).toContain('dist/index.js');
    expect(files).toContain('dist/index.d.ts');
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
  });

  it(
    'install the runtime from the registry with no compiler, and its CLI answers',
    async () => {
      plant = join(root, 'plant');
      await mkdir(plant);
      await writeFile(join(plant, 'package.json'), JSON.stringify({ name: 'plant', private: true, type: 'module' }));
      // No compiler on PATH for the install: the native parts come prebuilt.
      await ok('npm', ['install', '@millwright/runtime'], plant, 8 * MINUTES);
      const version = await ok(join(plant, 'node_modules/.bin/millwright'), ['--version'], plant);
      expect(version.trim()).toBe(
        (JSON.parse(await readFile(join(REPO, 'runtime/package.json'), 'utf8')) as { version: string }).version,
      );
      // The installed runtime is compiled JavaScript: it ships no TypeScript sources.
      expect(existsSync(join(plant, 'node_modules/@millwright/runtime/src'))).toBe(false);
    },
    10 * MINUTES,
  );

  it(
    'scaffold a node package whose install, tests and typecheck pass against the published SDK',
    async () => {
      const authors = join(root, 'authors');
      await mkdir(authors);
      await ok(join(plant, 'node_modules/.bin/millwright'), ['create-node', NODE_PKG], authors);
      nodePkg = join(authors, NODE_PKG);
      await ok('npm', ['install'], nodePkg, 8 * MINUTES);
      expect(existsSync(join(nodePkg, 'dist/index.js'))).toBe(true); // built by `prepare`
      const tests = await ok('npm', ['test'], nodePkg);
      expect(tests).toMatch(/Tests\s+4 passed/);
      const types = await run('npm', ['run', 'typecheck'], nodePkg);
      expect(types.output).not.toMatch(/error TS/);
      expect(types.code).toBe(0);
      await ok('npm', ['publish'], nodePkg);
    },
    10 * MINUTES,
  );

  it(
    'run a flow with the new node through the installed millwright run',
    async () => {
      await ok('npm', ['install', NODE_PKG], plant, 3 * MINUTES);
      const node = (id: string, type: string, config: Record<string, unknown>, x: number) => ({
        id,
        type,
        typeVersion: 1,
        name: id,
        position: { x, y: 100 },
        config,
      });
      const wire = (from: string, to: string) => ({ from: { node: from, port: 0 }, to: { node: to, port: 0 } });
      const flow = {
        id: 'torque-check',
        name: 'Torque check',
        version: 1,
        nodes: [
          node('in', 'inject', { once: true, onceDelayMs: 100, payloadType: 'number', payload: '2153' }, 100),
          node('scale', 'torque', { factor: 0.1, offset: -2, decimals: 1 }, 250),
          node('double', 'function', { code: 'msg.payload = msg.payload * 2;\nreturn msg;' }, 400),
          node('out', 'debug', {}, 550),
        ],
        wires: [wire('in', 'scale'), wire('scale', 'double'), wire('double', 'out')],
      };
      await writeFile(join(plant, 'torque.flow.json'), JSON.stringify(flow, null, 2));
      const child = spawn(join(plant, 'node_modules/.bin/millwright'), ['run', 'torque.flow.json'], {
        cwd: plant,
        env: { ...process.env, NODE_OPTIONS: '', MILLWRIGHT_TOKEN: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      try {
        const deadline = Date.now() + 60_000;
        const debugLine = () =>
          out
            .split('\n')
            .filter((l) => l.startsWith('{'))
            .map((l) => JSON.parse(l) as Record<string, unknown>)
            .find((l) => l['event'] === 'debug' && l['nodeId'] === 'out');
        while (!debugLine() && Date.now() < deadline && child.exitCode === null)
          await new Promise((r) => setTimeout(r, 100));
        expect(debugLine(), out).toMatchObject({ value: 426.6 });
      } finally {
        child.kill('SIGTERM');
      }
      expect(await exited).toBe(0);
    },
    2 * MINUTES,
  );
});
