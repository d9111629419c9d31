import { randomUUID } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UserError, type FlowMessage } from '@millwright/model';
import { confinedPath, type NodeContext, type NodeHandlers } from '@millwright/sdk';
import { render } from '../http-request/http-client.js';
import type { FileWriteConfig } from './config.js';
import { fileBase } from './file-base.js';

/**
 * Builds the file-write node (also deletes files). Writes run one at a time in arrival order (appends to one file must
 * not interleave); the message goes on with `msg.filename` set to the absolute path once the data
 * is written (and fsynced, when configured).
 */
export async function createFileWrite(ctx: NodeContext<FileWriteConfig>): Promise<NodeHandlers> {
  const cfg = ctx.config;
  const { base, within, roots } = await fileBase(ctx, cfg.baseDir || undefined);
  let chain: Promise<void> = Promise.resolve();
  return {
    input(msg) {
      const run = chain.then(() => write(msg));
      chain = run.catch(() => undefined);
      return run;
    },
    async close() {
      await chain;
    },
  };

  async function write(msg: FlowMessage): Promise<void> {
    const file = await target(msg);
    if (cfg.mode === 'delete') {
      await rm(file, { force: true });
      ctx.send({ ...msg, filename: file });
      return;
    }
    let data = toBytes(msg.payload);
    if (cfg.newline) data = Buffer.concat([data, Buffer.from('\n')]);
    if (cfg.createDirs) await mkdir(dirname(file), { recursive: true });
    if (cfg.mode === 'overwrite' && cfg.atomic) {
      const tmp = `${file}.${randomUUID().slice(0, 8)}.tmp`;
      try {
        await writeFile(tmp, 'w', data);
        await rename(tmp, file);
      } catch (err) {
        await rm(tmp, { force: true });
        throw err;
      }
      if (cfg.fsync) await syncDir(dirname(file));
    } else {
      await writeFile(file, cfg.mode === 'append' ? 'a' : 'w', data);
    }
    ctx.send({ ...msg, filename: file });
  }

  async function target(msg: FlowMessage): Promise<string> {
    const raw = cfg.path ? render(cfg.path, msg, 'none') : typeof msg['filename'] === 'string' ? msg['filename'] : '';
    if (!raw) throw new UserError('file_path_missing', 'no file: set `path` in the node or `msg.filename`');
    const file = await confinedPath({ path: raw, base, within });
    // baseDir may have become a link to elsewhere since setup: the file must stay in an allowed folder too.
    return cfg.baseDir ? confinedPath({ path: file, base, within: roots }) : file;
  }

  function toBytes(payload: unknown): Buffer {
    if (payload === undefined || payload === null) return Buffer.alloc(0);
    if (typeof payload === 'string') return Buffer.from(payload, cfg.encoding);
    if (payload instanceof Uint8Array) return Buffer.from(payload);
    return Buffer.from(JSON.stringify(payload), cfg.encoding);
  }

  async function writeFile(path: string, flags: 'w' | 'a', data: Buffer): Promise<void> {
    const fh = await open(path, flags);
    try {
      await fh.writeFile(data);
      if (cfg.fsync || cfg.atomic) await fh.sync(); // a rename of unsynced data can leave an empty file after a crash
    } finally {
      await fh.close();
    }
  }
}

async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
