import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DeployResponse, Flow, PromoteResult } from '@millwright/model';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestRuntime, testFlow, type TestRuntime } from '../testing/test-runtime.js';
import { main } from './main.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = join(ROOT, 'runtime/bin/millwright.js');
const NODES = ['@millwright/nodes-core', '@millwright/nodes-enterprise'];
const SECRET = 'erp-pa55-stays-home';

const runtimes: TestRuntime[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(runtimes.splice(0).map((r) => r.close()));
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function runtime(): Promise<TestRuntime> {
  const r = await startTestRuntime({ nodeModules: NODES });
  runtimes.push(r);
  return r;
}

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mw-versions-'));
  dirs.push(dir);
  return dir;
}

/** `millwright <args>` in this process: exit code and output lines. */
async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** GET /http/version answers `answer`; its http-request node uses credentials. */
const versionFlow = (answer: string): Flow =>
  testFlow(
    'svc',
    [
      ['in', 'http-in', { method: 'GET', path: '/version' }],
      ['set', 'change', { rules: [{ action: 'set', property: 'payload', valueType: 'string', value: answer }] }],
      ['out', 'http-response', {}],
      ['erp', 'http-request', { method: 'GET', url: 'http://127.0.0.1:9/x', auth: 'basic' }],
    ],
    [
      ['in', 'set'],
      ['set', 'out'],
    ],
  );

/** The flow test that checks the answer is `expected`. */
const versionTest = (expected: string) => ({
  cases: [
    {
      name: `answers ${expected}`,
      inputs: [{ node: 'set', msg: { payload: 'x' } }],
      expect: [{ node: 'set', messages: [{ payload: expected }] }],
    },
  ],
});

async function deploy(r: TestRuntime, body: Record<string, unknown>): Promise<DeployResponse> {
  const res = await r.api('POST', '/api/flows', body);
  expect(res.status, res.text).toBe(200);
  return res.body as DeployResponse;
}

const answer = async (r: { url: string }) => (await fetch(`${r.url}/http/version`)).text();

/** The files of `millwright export --out <dir>`, name -> text. */
async function exported(dataDir: string): Promise<Record<string, string>> {
  const out = await tempDir();
  expect((await cli('export', '--out', out, '--data-dir', dataDir)).code).toBe(0);
  const files: Record<string, string> = {};
  for (const name of await readdir(out)) files[name] = await readFile(join(out, name), 'utf8');
  return files;
}

describe('millwright rollback, snapshot, diff snap:', () => {
  it('rolls back to the exact flows (byte-equal export) and behaviour of a snapshot', async () => {
    const a = await runtime();
    const v1 = await deploy(a, {
      flows: [versionFlow('v1')],
      tests: { svc: versionTest('v1') },
      message: 'v1',
      credentials: { erp: { username: 'mes', password: SECRET } },
    });
    const before = await exported(a.dataDir);
    await deploy(a, { flows: [versionFlow('v2')], message: 'v2' });
    expect(await answer(a)).toBe('v2');

    const list = await cli('snapshot', 'list', '--url', a.url);
    expect(list.out.split('\n')).toHaveLength(2);
    expect(list.out).toContain(`${v1.revision}  `);
    const changed = await cli('diff', `snap:${v1.revision}`, 'snap:current', '--url', a.url);
    expect(changed.out).toContain('config.rules[0].value: "v1" → "v2"');

    const rolled = await cli('rollback', v1.revision, '--url', a.url, '--message', 'v2 broke line 3');
    expect(rolled, rolled.err).toMatchObject({ code: 0 });
    expect(rolled.out).toMatch(new RegExp(`rolled back .* to ${v1.revision}: revision 3-`));
    expect(await exported(a.dataDir)).toEqual(before);
    expect(await answer(a)).toBe('v1');
    const same = await cli('diff', `snap:${v1.revision}`, 'snap:current', '--data-dir', a.dataDir, '--json');
    expect(JSON.parse(same.out)).toMatchObject({ flows: [] });
    const shown = await cli('snapshot', 'show', '--data-dir', a.dataDir, a.runtime.store.revision);
    expect(shown.out).toContain(`rollback to ${v1.revision}: v2 broke line 3`);
    expect(shown.out).toContain('credential keys: erp: password, username');
    expect(shown.out).toContain('flow tests: svc'); // the rollback carried v1's tests back
    for (const f of await readdir(join(a.dataDir, 'flows-history')))
      expect(await readFile(join(a.dataDir, 'flows-history', f), 'utf8')).not.toContain(SECRET);
  });
});

describe('millwright promote', () => {
  it('refuses a snapshot whose tests fail on the target or whose credentials are missing, and deploys one that passes', async () => {
    const [dev, prod] = await Promise.all([runtime(), runtime()]);
    const credentials = { erp: { username: 'mes', password: SECRET } };
    // v2's answer changed, its tests still expect v1: a broken change.
    const bad = await deploy(dev, { flows: [versionFlow('v2')], tests: { svc: versionTest('v1') }, credentials });
    const secrets = join(await tempDir(), 'prod-secrets.json');
    await writeFile(secrets, JSON.stringify({ erp: { username: 'mes-prod', password: 'prod-only' } }));

    const noKeys = await cli('promote', bad.revision, '--url', dev.url, '--to', prod.url);
    expect(noKeys.code).toBe(1);
    expect(noKeys.out).toContain('missing on the target: credential erp.password');
    expect(noKeys.out).toContain('missing on the target: credential erp.username');

    const failing = await cli('promote', bad.revision, '--url', dev.url, '--to', prod.url, '--credentials', secrets);
    expect(failing.code, failing.err).toBe(1);
    expect(failing.out).toContain('✗ answers v1');
    expect(failing.out).toContain('payload: expected "v1", got "v2"');
    expect(failing.out).toContain('refused: 1 flow test(s) failed on the target; nothing was deployed');
    expect((await prod.api('GET', '/api/flows')).body).toMatchObject({ revision: '0', flows: [] });
    // The same gate from the runtime's own API (the editor's promote button).
    const viaApi = await dev.api('POST', `/api/snapshots/${bad.revision}/promote`, {
      target: prod.url,
      credentials: { erp: { username: 'mes-prod', password: 'prod-only' } },
    });
    expect(viaApi.status, viaApi.text).toBe(200);
    expect(viaApi.body).toMatchObject({ promoted: false, reason: '1 flow test(s) failed on the target' });
    expect((viaApi.body as PromoteResult).report).toContain('      payload: expected "v1", got "v2"');
    const unreachable = await dev.api('POST', `/api/snapshots/${bad.revision}/promote`, {
      target: 'http://127.0.0.1:9',
    });
    expect(unreachable).toMatchObject({ status: 502, body: { code: 'promote_target_failed' } });
    expect((await prod.api('GET', '/api/flows')).body).toMatchObject({ revision: '0' });

    const good = await deploy(dev, { flows: [versionFlow('v2')], tests: { svc: versionTest('v2') } });
    const passed = await cli('promote', good.revision, '--url', dev.url, '--to', prod.url, '--credentials', secrets);
    expect(passed.code, passed.out + passed.err).toBe(0);
    expect(passed.out).toContain('1 passed, 0 failed');
    expect(passed.out).toMatch(new RegExp(`promoted ${good.revision} to ${prod.url}: revision 1-`));
    expect(await answer(prod)).toBe('v2');
    expect(prod.runtime.credentials.get('erp')).toEqual({ username: 'mes-prod', password: 'prod-only' });
    const prodList = await cli('snapshot', 'list', '--url', prod.url, '--json');
    expect(JSON.parse(prodList.out)).toMatchObject({
      snapshots: [{ message: `promoted ${good.revision} from ${dev.url}` }],
    });
  });
});

describe('bundles', () => {
  it('exports a bundle without secret values and runs it headless', async () => {
    const a = await runtime();
    await deploy(a, {
      flows: [versionFlow('bundled')],
      tests: { svc: versionTest('bundled') },
      credentials: { erp: { password: SECRET } },
    });
    const file = join(await tempDir(), 'line3.bundle.json');
    const exportedBundle = await cli('export', '--bundle', file, '--data-dir', a.dataDir);
    expect(exportedBundle.code, exportedBundle.err).toBe(0);
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain(SECRET);
    const bundle = JSON.parse(text) as { snapshot: { flows: Flow[]; tests: object }; packageLock: object };
    expect(bundle.snapshot.flows).toEqual([versionFlow('bundled')]);
    expect(Object.keys(bundle.snapshot.tests)).toEqual(['svc']);
    expect(Object.keys(bundle.packageLock)).toEqual(NODES);

    const child = spawn(process.execPath, [BIN, 'run', '--bundle', file, '--isolation', 'in-process'], {
      cwd: ROOT,
      env: { ...process.env, MILLWRIGHT_TOKEN: '', NODE_OPTIONS: '' },
    });
    try {
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const deadline = Date.now() + 20_000;
      let url: string | undefined;
      while (!url && Date.now() < deadline && child.exitCode === null) {
        url = stdout.match(/"url":"(http:\/\/127\.0\.0\.1:\d+)"/)?.[1];
        if (!url) await new Promise((r) => setTimeout(r, 50));
      }
      expect(url, `${stdout}\n${stderr}`).toBeDefined();
      let text = '';
      while (Date.now() < deadline && text !== 'bundled') text = await answer({ url: url! }).catch(() => '');
      expect(text).toBe('bundled');
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('carries the flow tests of an imported folder into the snapshot and the bundle', async () => {
    const dataDir = await tempDir();
    const imported = await cli('import', join(ROOT, 'flows/demo-plant'), '--data-dir', dataDir);
    expect(imported.code, imported.out + imported.err).toBe(0);
    const file = join(dataDir, 'demo.bundle.json');
    expect((await cli('export', '--bundle', file, '--data-dir', dataDir)).code).toBe(0);
    const bundle = JSON.parse(await readFile(file, 'utf8')) as { snapshot: { author: string; tests: object } };
    expect(bundle.snapshot.author).toBe('cli');
    // One entry per tests file of the folder (the demo plant grows: counted, not listed).
    const testFiles = (await readdir(join(ROOT, 'flows/demo-plant'))).filter((n) => n.endsWith('.tests.json'));
    expect(Object.keys(bundle.snapshot.tests)).toHaveLength(testFiles.length);
    expect(Object.keys(bundle.snapshot.tests)).toEqual(
      expect.arrayContaining(['demo-production', 'demo-reporting', 'demo-work-orders']),
    );
  });
});
