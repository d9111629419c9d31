import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_OUTBOUND_POLICY, testNode, type NodeHarness } from '@millwright/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import fileWrite from './index.js';

let h: NodeHarness | undefined;
let dir = '';
afterEach(async () => {
  await h?.stop();
  h = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
});
// The tests' folders are temp folders: the runtime's settings would list them in `files.roots`.
const start = async (config: Record<string, unknown>, fileRoots = [tmpdir()]) => {
  dir ||= await mkdtemp(join(tmpdir(), 'mw-file-write-'));
  h = await testNode(fileWrite, { config, confinement: { fileRoots, outbound: DEFAULT_OUTBOUND_POLICY } });
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

  it('with the default config, a path from the message stays in the files folder: `..`, absolute paths and links are refused', async () => {
    dir = await mkdtemp(join(tmpdir(), 'mw-file-write-'));
    const files = join(dir, 'data', 'files');
    let node = await start({ path: '{{payload.name}}' }, [files]);
    for (const name of ['../pwned', '../../pwned', join(dir, 'pwned'), '/etc/pwned']) {
      node.input({ payload: { name } });
      expect(await firstError(node)).toBe('file_outside_base');
      node.events.length = 0;
    }
    node.input({ payload: { name: 'sub/ok.txt' } });
    expect((await node.next())[0]?.['filename']).toBe(join(files, 'sub', 'ok.txt'));
    expect(await readdir(dir)).toEqual(['data']);
    expect(await readdir(join(dir, 'data'))).toEqual(['files']);
    await node.stop();
    // msg.filename (no path configured) is confined the same way.
    node = await start({}, [files]);
    node.input({ payload: 'x', filename: '../pwned' });
    expect(await firstError(node)).toBe('file_outside_base');
    expect(await readdir(join(dir, 'data'))).toEqual(['files']);
  });

  it('with baseDir, a symbolic link inside it cannot lead the write outside', async () => {
    dir = await mkdtemp(join(tmpdir(), 'mw-file-write-'));
    const base = join(dir, 'base');
    const outside = join(dir, 'outside');
    await mkdir(base);
    await mkdir(outside);
    await writeFile(join(outside, 'victim.txt'), 'original');
    await symlink(outside, join(base, 'dirlink')); // a folder link
    await symlink(join(outside, 'victim.txt'), join(base, 'filelink')); // a file link
    await symlink(join(outside, 'created.txt'), join(base, 'dangling')); // a link to a file not there yet
    const node = await start({ baseDir: base, path: '{{topic}}' }, [dir]);
    for (const topic of ['dirlink/new.txt', 'dirlink/victim.txt', 'filelink', 'dangling']) {
      node.input({ payload: 'pwned', topic });
      expect(await firstError(node), topic).toBe('file_outside_base');
      node.events.length = 0;
    }
    expect(await readFile(join(outside, 'victim.txt'), 'utf8')).toBe('original');
    expect((await readdir(outside)).sort()).toEqual(['victim.txt']);
    node.input({ payload: 'fine', topic: 'in-base.txt' });
    expect((await node.next())[0]?.['filename']).toBe(join(base, 'in-base.txt'));
  });

  it('refuses a baseDir outside the allowed folders at start', async () => {
    dir = await mkdtemp(join(tmpdir(), 'mw-file-write-'));
    await start({ baseDir: '/etc' }, [join(dir, 'files')]);
    expect(await firstError(h!)).toBe('file_outside_base');
  });
});
