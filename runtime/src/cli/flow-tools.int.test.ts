import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

// `millwright test` and `millwright import node-red` as a CI job or a user runs them.
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = join(ROOT, 'runtime/bin/millwright.js');

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'mw-flow-tools-'));
  dirs.push(d);
  return d;
}

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('millwright test', () => {
  it('passes on the flows/ test cases, the demo plant included, and exits 0', async () => {
    const r = await cli(['test', 'flows/']);
    expect(r.stdout).toContain('flows/hello-world.tests.json (flow hello-world)');
    for (const name of ['production', 'reporting', 'work-orders'])
      expect(r.stdout).toMatch(new RegExp(`^flows/demo-plant/${name}\\.tests\\.json \\(flow demo-${name}\\)$`, 'm'));
    expect(r.stdout).toMatch(/✓ more than 5 scrap parts raise the alarm, exactly 5 does not \(\d+ ms\)/);
    expect(r.stdout).toMatch(/^\d+ passed, 0 failed/m);
    expect(r.code).toBe(0);
  });

  it('fails with a readable diff and JUnit XML when a flow is broken', async () => {
    const dir = await tempDir();
    await cp(join(ROOT, 'flows/line-counter.tests.json'), join(dir, 'line-counter.tests.json'));
    const flow = await readFile(join(ROOT, 'flows/line-counter.flow.json'), 'utf8');
    // The scrap limit moves from 5 to 10: 9 scrap parts no longer raise the alarm.
    await writeFile(join(dir, 'line-counter.flow.json'), flow.replace('"value": "5"', '"value": "10"'));
    const r = await cli(['test', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      [
        '    node "counter-alarm" input: expected 1 message(s), got 0',
        '    node "counter-ok" input: expected 1 message(s), got 2',
        '    node "counter-ok" input, message 1:',
        '      payload: expected 5, got 9',
        '      got #1: {"payload":9,"topic":"plant/line-1/scrap"}',
        '      got #2: {"payload":5,"topic":"plant/line-1/scrap"}',
      ].join('\n'),
    );
    expect(r.stdout).toMatch(/^1 passed, 1 failed/m);
    const junit = await cli(['test', dir, '--reporter', 'junit']);
    expect(junit.code).toBe(1);
    expect(junit.stdout).toMatch(/<testsuites tests="2" failures="1"/);
  });

  it('fails on a broken copy of the demo plant with the differing fields named', async () => {
    const dir = await tempDir();
    await cp(join(ROOT, 'flows/demo-plant'), dir, { recursive: true });
    const file = join(dir, 'work-orders.flow.json');
    // A typo in the setpoint table: PART-B gets 75 °C instead of 70 °C.
    await writeFile(file, (await readFile(file, 'utf8')).replace("'PART-B': 70", "'PART-B': 75"));
    const r = await cli(['test', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      [
        '    node "wo-write-setpoint" input, message 1:',
        '      payload: expected 70, got 75',
        '    node "wo-dispatched" input, message 1:',
        '      payload.setpoint: expected 70, got 75',
      ].join('\n'),
    );
    expect(r.stdout).toMatch(/✓ an open order the PLC already runs .* is adopted, not sent again/);
  });

  it('explains usage errors', async () => {
    const r = await cli(['test', 'flows/', '--reporter', 'tap']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--reporter must be one of text, json, junit');
  });
});

describe('millwright import node-red', () => {
  it('stores converted flows in a data dir and prints the report', async () => {
    const dataDir = await tempDir();
    const r = await cli([
      'import',
      'node-red',
      'test/fixtures/node-red/modbus-unsupported.json',
      '--data-dir',
      dataDir,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('converted 3 node(s) into 1 flow(s):');
    expect(r.stdout).toContain(
      '  modbus-read 4d6e7f8091a2b3c4 (tab 3c5d6e7f8091a2b3) "pressure register": no converter for Node-RED type "modbus-read"',
    );
    const stored = JSON.parse(await readFile(join(dataDir, 'flows.json'), 'utf8')) as { flows: Array<{ id: string }> };
    expect(stored.flows.map((f) => f.id)).toEqual(['3c5d6e7f8091a2b3']);
    // The stored flows are valid for the runtime: validate the exported copy.
    const out = await tempDir();
    expect((await cli(['export', '--out', out, '--data-dir', dataDir])).code).toBe(0);
    expect((await cli(['validate', out])).stdout).toContain('ok: 1 flow(s) valid');
  });

  it('writes flow files with --out and prints the report as JSON with --json', async () => {
    const out = await tempDir();
    const r = await cli([
      'import',
      'node-red',
      'test/fixtures/node-red/subflow-and-junctions.json',
      '--out',
      out,
      '--json',
    ]);
    expect(r.code).toBe(0);
    // The subflow converts to a definition file and its instances (no placeholders since issue 18's subflows).
    expect(JSON.parse(r.stdout)).toMatchObject({ converted: 10, placeholders: [] });
    expect(await readFile(join(out, '4e6f708192031425.flow.json'), 'utf8')).toContain(
      '"type": "subflow:5f708192031425a6"',
    );
    expect(JSON.parse(await readFile(join(out, '5f708192031425a6.subflow.json'), 'utf8'))).toHaveProperty('subflow');
  });
});
