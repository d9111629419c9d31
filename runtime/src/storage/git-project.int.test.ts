import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { serializeFlow, type Flow } from '@millwright/model';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestRuntime, testFlow, type TestRuntime } from '../testing/test-runtime.js';

const git = async (dir: string, ...args: string[]) => (await promisify(execFile)('git', args, { cwd: dir })).stdout;

let t: TestRuntime | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const flow = (id: string, label: string) => testFlow(id, [[`${id}-n`, 'test-counter', { label }]], []);
/** A shared config document (decision 0039); empty, as the fixture nodes have no config node type. */
const shared: Flow = { version: 1, id: 'conns', name: 'Connections', shared: true, nodes: [], wires: [] };
const tests = {
  cases: [{ name: 'counts', inputs: [{ node: 'a-n', msg: {} }], expect: [{ node: 'a-n', messages: [{}] }] }],
};

/** Waits until the project has `n` commits (commits follow the deploy event). */
async function commits(dir: string, n: number): Promise<string[]> {
  const deadline = Date.now() + 10_000;
  let log: string[] = [];
  while (Date.now() < deadline) {
    log = await git(dir, 'log', '--format=%an|%cn|%s').then(
      (o) => o.trim().split('\n'),
      () => [],
    );
    if (log.length >= n) return log;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`expected ${n} commits, have: ${log.join('; ')}`);
}

describe('project folder mode (project.git)', () => {
  it('commits every deploy as one stable file per flow, with the deploy message and the user as author', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'mw-project-'));
    await writeFile(join(dataDir, 'settings.json'), JSON.stringify({ project: { git: true } }));
    t = await startTestRuntime({ dataDir });
    const dir = join(dataDir, 'project');
    const d1 = await t.api('POST', '/api/flows', {
      flows: [flow('a', 'one'), flow('b', 'two'), shared],
      message: 'line 3: first counters',
      tests: { a: tests },
    });
    expect(d1.status, d1.text).toBe(200);
    expect(await commits(dir, 1)).toEqual(['open-access|Millwright|line 3: first counters']);
    expect(await readFile(join(dir, 'a.flow.json'), 'utf8')).toBe(serializeFlow(flow('a', 'one')));
    expect(JSON.parse(await readFile(join(dir, 'a.tests.json'), 'utf8'))).toEqual(tests);
    expect(await readFile(join(dir, '.gitattributes'), 'utf8')).toContain('*.flow.json merge=millwright');
    expect(await readFile(join(dir, '.gitattributes'), 'utf8')).toContain('*.config.json merge=millwright');
    expect(await readFile(join(dir, 'conns.config.json'), 'utf8')).toBe(serializeFlow(shared));

    // b and the shared document removed, a changed: one commit that deletes their files; the default
    // message names the revision.
    const d2 = await t.api('POST', '/api/flows', { flows: [flow('a', 'uno')] });
    const revision = (d2.body as { revision: string }).revision;
    expect((await commits(dir, 2))[0]).toBe(`open-access|Millwright|deploy ${revision}`);
    expect((await readdir(dir)).filter((n) => !n.startsWith('.')).sort()).toEqual(['a.flow.json', 'a.tests.json']);
    expect(await git(dir, 'show', '--stat', '--format=%b', 'HEAD')).toMatch(
      new RegExp(`Revision: ${revision}[\\s\\S]*a\\.flow\\.json[\\s\\S]*b\\.flow\\.json`),
    );
    expect(await git(dir, 'status', '--porcelain')).toBe('');
  });
});
