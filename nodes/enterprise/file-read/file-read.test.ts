import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_OUTBOUND_POLICY, testNode, type NodeHarness } from '@millwright/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fileWrite from '../file-write/index.js';
import fileRead from './index.js';

let h: NodeHarness | undefined;
let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mw-file-read-'));
});
afterEach(async () => {
  await h?.stop();
  h = undefined;
  await rm(dir, { recursive: true, force: true });
});
const start = async (config: Record<string, unknown>, fileRoots = [dir]) => {
  h = await testNode(fileRead, { config, confinement: { fileRoots, outbound: DEFAULT_OUTBOUND_POLICY } });
  return h;
};
const firstError = async (node: NodeHarness) =>
  ((await node.waitForEvent((e) => e.type === 'error')) as { error: { code: string } }).error.code;

describe('file-read node', () => {
  it('reads a templated path as text, bytes or base64 text, with msg.filename', async () => {
    await writeFile(join(dir, 'line1.txt'), '😀 ok\n');
    const node = await start({ path: join(dir, '{{topic}}.txt') });
    node.input({ topic: 'line1', payload: null });
    const [out] = await node.next();
    expect(out).toMatchObject({ payload: '😀 ok\n', filename: join(dir, 'line1.txt'), topic: 'line1' });
    await node.stop();
    const bytes = await start({ output: 'bytes' });
    bytes.input({ filename: 'line1.txt' }); // relative: below the first allowed folder
    expect(Buffer.from((await bytes.next())[0]?.payload as Uint8Array).toString()).toBe('😀 ok\n');
    await bytes.stop();
    const b64 = await start({ path: 'line1.txt', encoding: 'base64' });
    b64.input({});
    expect((await b64.next())[0]?.payload).toBe(Buffer.from('😀 ok\n').toString('base64'));
  });

  it('sends one message per line as a sequence (CRLF too, and the empty rest after the last break), new ids after the first', async () => {
    await writeFile(join(dir, 'in.txt'), 'one\r\ntwo\nthree!\n');
    const node = await start({ path: 'in.txt', output: 'lines' });
    node.input({ payload: 'go' });
    const out = await node.next(4);
    expect(out.map((m) => m.payload)).toEqual(['one', 'two', 'three!', '']);
    expect(out.map((m) => (m['parts'] as { index: number; count: number }).index)).toEqual([0, 1, 2, 3]);
    expect(out.every((m) => (m['parts'] as { count: number }).count === 4)).toBe(true);
    expect(new Set(out.map((m) => m.id)).size).toBe(4);
  });

  it('refuses paths outside the allowed folders (also through a link), missing files and oversize files; goes on after', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'mw-file-read-outside-'));
    try {
      await writeFile(join(outside, 'secret.txt'), 'no');
      await symlink(join(outside, 'secret.txt'), join(dir, 'link.txt'));
      await writeFile(join(dir, 'big.txt'), 'x'.repeat(100));
      await writeFile(join(dir, 'ok.txt'), 'fine');
      const node = await start({ maxBytes: 10 });
      const files = [join(outside, 'secret.txt'), 'link.txt', '../x.txt', 'missing.txt', 'big.txt', '', 'ok.txt'];
      for (const filename of files) node.input({ filename });
      // Reads run in arrival order: the errors come in the order of the files, and the flow goes on.
      expect((await node.next())[0]?.payload).toBe('fine');
      expect(node.errors().map((e) => (e.error as { code: string }).code)).toEqual([
        'file_outside_base',
        'file_outside_base',
        'file_outside_base',
        'file_not_found',
        'file_too_large',
        'file_path_missing',
      ]);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('file-write deletes a file (a missing one is no error)', async () => {
    await writeFile(join(dir, 'old.txt'), 'x');
    h = await testNode(fileWrite, {
      config: { path: 'old.txt', mode: 'delete' },
      confinement: { fileRoots: [dir], outbound: DEFAULT_OUTBOUND_POLICY },
    });
    h.input({ payload: 1 });
    h.input({ payload: 2 });
    expect((await h.next(2)).map((m) => m['filename'])).toEqual([join(dir, 'old.txt'), join(dir, 'old.txt')]);
    const check = await start({ path: 'old.txt' });
    check.input({});
    expect(await firstError(check)).toBe('file_not_found');
  });
});
