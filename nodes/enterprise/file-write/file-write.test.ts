import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testNode, type NodeHarness } from '@millwright/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import fileWrite from './index.js';

let h: NodeHarness | undefined;
let dir = '';
afterEach(async () => {
  await h?.stop();
  h = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
});
const start = async (config: Record<string, unknown>) => {
  dir ||= await mkdtemp(join(tmpdir(), 'mw-file-write-'));
  h = await testNode(fileWrite, { config });
  return h;
};
const firstError = async (node: NodeHarness) =>
  ((await node.waitForEvent((e) => e.type === 'error')) as { error: { code: string } }).error.code;

describe('file-write node', () => {
  it('writes to a templated path, creating folders, and passes the message on with msg.filename', async () => {
    dir = await mkdtemp(join(tmpdir(), 'mw-file-write-'));
    const node = await start({ path: join(dir, 'out', '{{topic}}', '{{payload.order}}.txt') });
    node.input({ payload: { order: 'WO-1', qty: 5 }, topic: 'line1' });
    const [out] = await node.next();
    const file = join(dir, 'out', 'line1', 'WO-1.txt');
    expect(out?.['filename']).toBe(file);
    expect(await readFile(file, 'utf8')).toBe('{"order":"WO-1","qty":5}');
  });

  it('appends in arrival order with a newline after each payload', async () => {
    dir = await mkdtemp(join(tmpdir(), 'mw-file-write-'));
    const node = await start({ path: join(dir, 'log.txt'), mode: 'append', newline: true });
    for (let i = 0; i < 50; i++) node.input({ payload: `line ${i}` });
    await node.next(50);
    const lines = (await readFile(join(dir, 'log.txt'), 'utf8')).split('\n');
    expect(lines).toEqual([...Array.from({ length: 50 }, (_, i) => `line ${i}`), '']);
  });

  it('overwrites atomically through a temp file, with fsync, leaving no temp files', async () => {
    dir = await mkdtemp(join(tmpdir(), 'mw-file-write-'));
    await writeFile(join(dir, 'report.csv'), 'old content that is longer');
    const node = await start({ path: join(dir, 'report.csv'), atomic: true, fsync: true });
    node.input({ payload: 'a,b\r\n1,2\r\n' });
    await node.next();
    expect(await readFile(join(dir, 'report.csv'), 'utf8')).toBe('a,b\r\n1,2\r\n');
    expect(await readdir(dir)).toEqual(['report.csv']);
  });

  it('writes bytes as they are and text in the configured encoding', async () => {
    dir = await mkdtemp(join(tmpdir(), 'mw-file-write-'));
    const node = await start({ encoding: 'latin1' });
    node.input({ payload: Buffer.from([0, 1, 255]), filename: join(dir, 'a.bin') });
    node.input({ payload: 'Größe', filename: join(dir, 'b.txt') });
    await node.next(2);
    expect([...(await readFile(join(dir, 'a.bin')))]).toEqual([0, 1, 255]);
    expect([...(await readFile(join(dir, 'b.txt')))]).toEqual([0x47, 0x72, 0xf6, 0xdf, 0x65]);
  });

  it('keeps paths inside baseDir and needs a path', async () => {
    dir = await mkdtemp(join(tmpdir(), 'mw-file-write-'));
    let node = await start({ baseDir: dir, path: '{{topic}}.txt' });
    node.input({ payload: 'x', topic: '../escape' });
    expect(await firstError(node)).toBe('file_outside_base');
    node.input({ payload: 'x', topic: 'ok' });
    expect((await node.next())[0]?.['filename']).toBe(join(dir, 'ok.txt'));
    await node.stop();
    node = await start({});
    node.input({ payload: 'x' });
    expect(await firstError(node)).toBe('file_path_missing');
  });
});
