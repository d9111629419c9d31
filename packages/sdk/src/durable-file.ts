import { randomBytes } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Writes `text` to `file` so that a crash or a power cut leaves either the old or the new content,
 * never a half or an empty file: a temp file is written and fsynced, renamed over `file`, and the
 * folder fsynced so the rename itself is on disk. Every file of the data dir is written this way
 * (the runtime's stores, and the engine's persistent context). `mode` 0600 (owner only) is for
 * files holding secrets or their hashes.
 */
export async function writeFileDurably(file: string, text: string, mode = 0o644): Promise<void> {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const handle = await open(temp, 'wx', mode);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  await syncDir(dirname(file));
}

/** A JSON file that is not what it should be: empty, truncated, or not the expected shape. */
export class CorruptFileError extends Error {
  override readonly name = 'CorruptFileError';
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file} ${detail}`);
  }
}

/** Reads a text file; undefined when it does not exist. */
export async function readTextFile(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if (codeOf(err) === 'ENOENT') return undefined;
    throw err;
  }
}

/** Reads a JSON file; undefined when it does not exist. Throws a {@link CorruptFileError} naming the file on bad JSON. */
export async function readJsonFile(file: string): Promise<unknown> {
  const text = await readTextFile(file);
  if (text === undefined) return undefined;
  if (!text.trim()) throw new CorruptFileError(file, 'is empty (a write cut short?)');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new CorruptFileError(file, `is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The `code` of a Node.js system error (`ENOENT`...). */
export function codeOf(err: unknown): unknown {
  return typeof err === 'object' && err !== null ? Reflect.get(err, 'code') : undefined;
}

async function syncDir(dir: string): Promise<void> {
  // Some platforms (Windows) cannot open a folder for fsync; the rename is still atomic there.
  const handle = await open(dir, 'r').catch(() => undefined);
  if (!handle) return;
  try {
    await handle.sync();
  } catch {
    // EISDIR/EINVAL on file systems without directory fsync
  } finally {
    await handle.close();
  }
}
