import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = join(ROOT, 'runtime/bin/millwright.js');
const HELLO = join(ROOT, 'flows/hello-world.flow.json');
/** The example flows this workspace owns (other flows in flows/ may need other node packages). */
const EXAMPLES = ['hello-world.flow.json', 'line-counter.flow.json'];

const children: ChildProcessWithoutNullStreams[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mw-cli-'));
  dirs.push(dir);
  return dir;
}

/** Spawns the CLI (plain `node`, so the launcher has to add tsx and --no-node-snapshot itself). */
function cli(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, MILLWRIGHT_TOKEN: '', NODE_OPTIONS: '', ...env },
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    exited,
    stdout: () => stdout,
    stderr: () => stderr,
    /** JSON log lines parsed so far. */
    lines: () =>
      stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

/** Polls `find` over the child's JSON lines until it returns something. */
async function waitForLine(
  run: ReturnType<typeof cli>,
  find: (line: Record<string, unknown>) => boolean,
  timeoutMs = 15_000,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const hit = run.lines().find(find);
    if (hit) return hit;
    if (run.child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no matching log line; stdout:\n${run.stdout()}\nstderr:\n${run.stderr()}`);
}

/** hello-world with the function node's timeout made invalid. */
async function brokenHelloWorld(): Promise<string> {
  const flow = JSON.parse(await readFile(HELLO, 'utf8')) as {
    nodes: Array<{ type: string; config: Record<string, unknown> }>;
  };
  const fn = flow.nodes.findIndex((n) => n.type === 'function');
  flow.nodes[fn]!.config['timeoutMs'] = -1;
  const file = join(await tempDir(), 'broken.flow.json');
  await writeFile(file, JSON.stringify(flow));
  return file;
}

describe('millwright run', () => {
  it('runs a flow headless, logs debug output as JSON, serves health and metrics, and exits 0 on SIGTERM', async () => {
    const run = cli(['run', HELLO]);
    const debug = await waitForLine(run, (l) => l['event'] === 'debug');
    expect(debug).toMatchObject({ event: 'debug', flowId: 'hello-world', value: 42, property: 'payload' });

    const listening = await waitForLine(run, (l) => typeof l['url'] === 'string');
    const url = String(listening['url']);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', flows: [{ flowId: 'hello-world', state: 'running' }] });
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toMatch(
      /millwright_node_messages_received_total\{flow="hello-world",node="[^"]+",type="debug"\} 1/,
    );
    expect((await fetch(`${url}/api/flows`)).status).toBe(404); // headless: no admin API

    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.lines().some((l) => l['msg'] === 'runtime stopped')).toBe(true);
  });

  it('exits 1 with the file and path of each fault when a flow is invalid', async () => {
    const file = await brokenHelloWorld();
    const run = cli(['run', file]);
    expect(await run.exited).toBe(1);
    const fault = run.lines().find((l) => l['event'] === 'invalid-flow');
    expect(fault).toMatchObject({ file, path: expect.stringMatching(/^\$\.nodes\[\d+\]\.config\.timeoutMs$/) });
  });
});

describe('millwright validate', () => {
  it('prints "<file> <path> <message>" per fault and exits 1', async () => {
    const file = await brokenHelloWorld();
    const run = cli(['validate', file]);
    expect(await run.exited).toBe(1);
    expect(run.stdout()).toMatch(
      new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\$\\.nodes\\[\\d+\\]\\.config\\.timeoutMs \\S`, 'm'),
    );
  });

  it('accepts the example flows', async () => {
    const run = cli(['validate', ...EXAMPLES.map((f) => `flows/${f}`)]);
    expect(await run.exited).toBe(0);
    expect(run.stdout()).toContain('ok: 2 flow(s) valid');
  });

  it('reports malformed JSON by file, line and column', async () => {
    const file = join(await tempDir(), 'bad.flow.json');
    await writeFile(file, '{\n  "version": 1,\n  "nodes": [x]\n}');
    const run = cli(['validate', file]);
    expect(await run.exited).toBe(1);
    expect(run.stdout()).toContain(`${file}:3:13 invalid JSON: Unexpected token 'x'`);
  });

  it('searches sub-folders of a directory', async () => {
    const run = cli(['validate', 'flows/']);
    expect(await run.exited).toBe(0);
    // Every flow, subflow and shared config file below flows/ (the demo plant, the examples, the subflow example).
    const files = (await readdir(join(ROOT, 'flows'), { recursive: true })).filter((f) =>
      /\.((sub)?flow|config)\.json$/.test(f),
    );
    expect(files.length).toBeGreaterThan(5);
    expect(run.stdout()).toMatch(new RegExp(`^ok: ${files.length} flow\\(s\\) valid$`, 'm'));
  });
});

describe('millwright import and export', () => {
  it('imports flow files into a data dir and exports them back byte for byte', async () => {
    const dataDir = await tempDir();
    const out = join(await tempDir(), 'out');
    const imported = cli(['import', ...EXAMPLES.map((f) => `flows/${f}`), '--data-dir', dataDir]);
    expect(await imported.exited).toBe(0);
    expect(imported.stdout()).toContain('imported hello-world');

    const exported = cli(['export', '--out', out, '--data-dir', dataDir]);
    expect(await exported.exited).toBe(0);
    const names = (await readdir(out)).sort();
    expect(names).toEqual(EXAMPLES);
    for (const name of names)
      expect(await readFile(join(out, name), 'utf8')).toBe(await readFile(join(ROOT, 'flows', name), 'utf8'));
  });

  it('stores nothing when a file is invalid', async () => {
    const dataDir = await tempDir();
    const run = cli(['import', await brokenHelloWorld(), '--data-dir', dataDir]);
    expect(await run.exited).toBe(1);
    expect(run.stdout()).toContain('.config.timeoutMs');
    expect(JSON.parse(await readFile(join(dataDir, 'flows.json'), 'utf8').catch(() => '{"flows":[]}'))).toMatchObject({
      flows: [],
    });
  });

  it('fails when the data dir of export does not exist', async () => {
    const missing = join(await tempDir(), 'missing');
    const run = cli(['export', '--out', join(await tempDir(), 'out'), '--data-dir', missing]);
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toContain(`the data dir ${missing} does not exist`);
  });

  it('explains usage errors with exit code 2', async () => {
    const run = cli(['export']);
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toContain('--out <dir> is required');
  });
});

describe('millwright start with demo ports', () => {
  it('refuses a truncated flows.json naming it, and starts from the last good revision when asked', async () => {
    const dataDir = await tempDir();
    expect(await cli(['import', 'flows/hello-world.flow.json', '--data-dir', dataDir]).exited).toBe(0);
    const flowsJson = join(dataDir, 'flows.json');
    await truncate(flowsJson, 30);

    const refused = cli(['start', '--no-demo', '--port', '0', '--data-dir', dataDir]);
    expect(await refused.exited).toBe(1);
    const said = refused.stdout() + refused.stderr();
    expect(said).toContain(`${flowsJson} is not valid JSON`);
    expect(said).toMatch(/The last good revision is 1-[0-9a-f]+, saved .*--restore-last-good/);

    const restored = cli(['start', '--no-demo', '--port', '0', '--data-dir', dataDir, '--restore-last-good']);
    const warned = await waitForLine(restored, (l) => l['event'] === 'flows-restored');
    expect(warned['revision']).toMatch(/^1-/);
    const deployed = await waitForLine(restored, (l) => l['msg'] === 'stored flows deployed');
    expect(deployed['changes']).toMatchObject({ started: ['hello-world'] });
    expect((await readdir(dataDir)).some((n) => n.startsWith('flows.json.corrupt-'))).toBe(true);
    restored.child.kill('SIGTERM');
    expect(await restored.exited).toBe(0);
  });

  it('fails naming a demo port given by flag or variable that is taken', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const byFlag = cli([
        'start',
        '--demo',
        '--port',
        '0',
        '--data-dir',
        await tempDir(),
        '--demo-mqtt-port',
        `${port}`,
      ]);
      expect(await byFlag.exited).toBe(1);
      expect(byFlag.stdout() + byFlag.stderr()).toContain(`port ${port} for the MQTT broker is already in use`);

      const byEnv = cli(['start', '--demo', '--port', '0', '--data-dir', await tempDir()], {
        MILLWRIGHT_DEMO_ERP_PORT: `${port}`,
      });
      expect(await byEnv.exited).toBe(1);
      expect(byEnv.stdout() + byEnv.stderr()).toContain(`port ${port} for the sim ERP is already in use`);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
