import { appendFile, mkdir, mkdtemp, readdir, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Flow } from '@millwright/model';
import { DEFAULT_OUTBOUND_POLICY, defineNode, holdMessage, runFlow, testNode, type NodeHarness } from '@millwright/sdk';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { globToRegExp } from './glob.js';
import fileWatch from './index.js';

let h: NodeHarness | undefined;
let dir = '';
afterEach(async () => {
  await h?.stop();
  h = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = '';
});
const fast = { pollMs: 100, settleMs: 0 };
// The tests' folders are temp folders: the runtime's settings would list them in `files.roots`.
const confinement = { fileRoots: [tmpdir()], outbound: DEFAULT_OUTBOUND_POLICY };
const start = async (config: Record<string, unknown>, roots = confinement.fileRoots) => {
  h = await testNode(fileWatch, {
    config: { dir, ...fast, ...config },
    confinement: { ...confinement, fileRoots: roots },
  });
  return h;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const brief = (m: Record<string, unknown> | undefined) => m && [m['event'], m['topic'], m['payload']];

describe('globToRegExp', () => {
  it('matches *, ?, [], {} and **', () => {
    const m = (g: string, s: string) => globToRegExp(g).test(s);
    expect([m('*.csv', 'a.csv'), m('*.csv', 'a.csv.tmp'), m('*.csv', 'x/a.csv')]).toEqual([true, false, false]);
    expect([m('wo-??.xml', 'wo-12.xml'), m('wo-??.xml', 'wo-1.xml')]).toEqual([true, false]);
    expect([m('{orders,wo}-*.xml', 'wo-1.xml'), m('{orders,wo}-*.xml', 'x-1.xml')]).toEqual([true, false]);
    expect([m('[!.]*', '.hidden'), m('[ab]1', 'b1'), m('a+b.(x)', 'a+b.(x)')]).toEqual([false, true, true]);
    expect([m('**/*.csv', 'in/2024/a.csv'), m('**/*.csv', 'a.csv')]).toEqual([true, true]);
    expect(() => globToRegExp('{a,b')).toThrow(/unclosed/);
  });
});

describe('file-watch node', () => {
  it('reports files already there (the backlog) that match the pattern, with their content', async () => {
    dir = await mkdtemp(join(tmpdir(), 'mw-file-watch-'));
    await writeFile(join(dir, 'a.csv'), 'x,y\n1,2\n');
    await writeFile(join(dir, 'skip.txt'), 'no');
    const node = await start({ pattern: '*.csv' });
    const [out] = await node.next();
    expect(out).toMatchObject({
      event: 'add',
      topic: 'a.csv',
      payload: 'x,y\n1,2\n',
      filename: join(dir, 'a.csv'),
      size: 8,
    });
    await sleep(250);
    expect(node.outputs(node.nodeId)).toHaveLength(1);
  });

  it('waits until a file stops growing before reading it', async () => {
    dir = await mkdtemp(join(tmpdir(), 'mw-file-watch-'));
    const node = await start({ settleMs: 300 });
    await writeFile(join(dir, 'batch.csv'), 'part 1\n');
    await sleep(150);
    await appendFile(join(dir, 'batch.csv'), 'part 2\n');
    const [out] = await node.next(1, { timeoutMs: 3_000 });
    expect(out?.payload).toBe('part 1\npart 2\n');
    await sleep(400);
    expect(node.outputs(node.nodeId)).toHaveLength(1);
  });

  it('reports changes and removals when asked, and ignores the backlog without `initial`', async () => {
    dir = await mkdtemp(join(tmpdir(), 'mw-file-watch-'));
    await writeFile(join(dir, 'old.txt'), 'old');
    const node = await start({ initial: false, events: ['add', 'change', 'unlink'], read: 'none' });
    await writeFile(join(dir, 'new.txt'), 'v1');
    expect(brief((await node.next(1, { timeoutMs: 3_000 }))[0])).toEqual(['add', 'new.txt', null]);
    await sleep(50); // a different mtime
    await writeFile(join(dir, 'new.txt'), 'version 2');
    await node.next(2, { timeoutMs: 3_000 });
    await unlink(join(dir, 'new.txt'));
    const outs = await node.next(3, { timeoutMs: 3_000 });
    expect(outs.map(brief)).toEqual([
      ['add', 'new.txt', null],
      ['change', 'new.txt', null],
      ['unlink', 'new.txt', null],
    ]);
  });

  it('moves reported files to the done folder (not reported as removed) and watches sub-folders', async () => {
    dir = await mkdtemp(join(tmpdir(), 'mw-file-watch-'));
    await mkdir(join(dir, 'line1'));
    const node = await start({
      recursive: true,
      pattern: '**/*.xml',
      moveTo: 'done',
      events: ['add', 'unlink'],
      read: 'buffer',
    });
    await writeFile(join(dir, 'line1', 'wo.xml'), '<wo/>');
    const [out] = await node.next(1, { timeoutMs: 3_000 });
    expect(out?.topic).toBe('line1/wo.xml');
    expect(out?.payload).toBeInstanceOf(Uint8Array); // a Buffer, copied as bytes by the harness
    expect(Buffer.from(out?.payload as Uint8Array).toString()).toBe('<wo/>');
    await sleep(300);
    expect(await readdir(join(dir, 'line1'))).toEqual([]);
    expect(await readdir(join(dir, 'done', 'line1'))).toEqual(['wo.xml']);
    expect(node.outputs(node.nodeId)).toHaveLength(1); // the move is not an unlink, done/ is not watched
  });

  it('waits for a folder that does not exist yet', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'mw-file-watch-'));
    dir = join(parent, 'later');
    const node = await start({});
    await node.waitForEvent((e) => e.type === 'status' && e.status?.text?.startsWith('waiting for') === true);
    await mkdir(dir);
    await writeFile(join(dir, 'x.txt'), 'hi');
    expect((await node.next(1, { timeoutMs: 3_000 }))[0]?.payload).toBe('hi');
    await rm(parent, { recursive: true, force: true });
  });

  it('watches only inside the allowed folders: not outside, not through a link, not moving files out', async () => {
    dir = await mkdtemp(join(tmpdir(), 'mw-file-watch-'));
    const allowed = join(dir, 'files');
    await mkdir(join(dir, 'secret'), { recursive: true });
    await mkdir(allowed);
    await writeFile(join(dir, 'secret', 'key.txt'), 'secret');
    await symlink(join(dir, 'secret'), join(allowed, 'link'));
    const faultOf = async (config: Record<string, unknown>) => {
      await h?.stop();
      await start(config, [allowed]);
      const e = (await h!.waitForEvent((ev) => ev.type === 'error', 3_000)) as { error: { code: string } };
      return e.error.code;
    };
    expect(await faultOf({ dir: join(dir, 'secret') })).toBe('file_outside_base');
    expect(await faultOf({ dir: '../secret' })).toBe('file_outside_base');
    expect(await faultOf({ dir: 'link' })).toBe('file_outside_base');
    expect(await faultOf({ dir: allowed, moveTo: '../secret' })).toBe('file_outside_base');
    await h?.stop();
    // A relative folder starts at the first allowed folder.
    await mkdir(join(allowed, 'in'));
    await writeFile(join(allowed, 'in', 'a.txt'), 'a');
    const node = await start({ dir: 'in' }, [allowed]);
    expect((await node.next(1, { timeoutMs: 3_000 }))[0]).toMatchObject({ filename: join(allowed, 'in', 'a.txt') });
    expect(node.outputs(node.nodeId).map((m) => m.payload)).not.toContain('secret');
  });

  it('reports a file over maxBytes as an error instead of reading it', async () => {
    dir = await mkdtemp(join(tmpdir(), 'mw-file-watch-'));
    await writeFile(join(dir, 'big.bin'), Buffer.alloc(2_000));
    const node = await start({ maxBytes: 1_000 });
    const e = (await node.waitForEvent((ev) => ev.type === 'error', 3_000)) as { error: { code: string } };
    expect(e.error.code).toBe('file_too_large');
  });
});

describe('file-watch with a done folder: ack after take', () => {
  let held: Array<() => void> = [];
  const keeper = defineNode({
    type: 'keeper',
    category: 'test',
    version: 1,
    description: 'keeps each message until the test lets it go',
    inputs: 1,
    outputs: [],
    config: z.object({}),
    setup: () => ({ input: (msg) => void held.push(holdMessage(msg)) }),
  });
  const flow = (config: Record<string, unknown>): Flow => ({
    version: 1,
    id: 'fw',
    name: 'fw',
    nodes: [
      { id: 'w', type: 'file-watch', typeVersion: 1, position: { x: 0, y: 0 }, config: { dir, ...fast, ...config } },
      { id: 'k', type: 'keeper', typeVersion: 1, position: { x: 100, y: 0 }, config: {} },
    ],
    wires: [{ from: { node: 'w', port: 0 }, to: { node: 'k', port: 0 } }],
  });

  it('moves a file only once the flow has taken it, and reports an untaken file again at the next start', async () => {
    dir = await mkdtemp(join(tmpdir(), 'mw-file-watch-'));
    held = [];
    await writeFile(join(dir, 'wo-1.xml'), '<wo/>');
    const config = { pattern: '*.xml', moveTo: 'done', initial: false };
    let run = await runFlow(flow(config), [fileWatch, keeper], { confinement });
    await vi.waitFor(() => expect(held).toHaveLength(1));
    await sleep(300);
    // Not taken yet: still in place.
    expect(await readdir(dir)).toContain('wo-1.xml');
    // The process goes away before the flow is done with it; at the next start it comes again
    // although `initial` is off: it was never taken.
    await run.stop();
    held = [];
    run = await runFlow(flow(config), [fileWatch, keeper], { confinement });
    await vi.waitFor(() => expect(held).toHaveLength(1));
    held[0]?.();
    await vi.waitFor(async () => expect(await readdir(join(dir, 'done'))).toEqual(['wo-1.xml']));
    expect(await readdir(dir)).toEqual(['done']);
    await run.stop();
  });
});
