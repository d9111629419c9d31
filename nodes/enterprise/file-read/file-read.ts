import { open } from 'node:fs/promises';
import { UserError, type FlowMessage } from '@millwright/model';
import { confinedPath, newMessageId, type NodeContext, type NodeHandlers } from '@millwright/sdk';
import { render } from '../http-request/http-client.js';
import type { FileReadConfig } from './config.js';
import { fileBase } from '../file-write/file-base.js';

/**
 * Builds the file-read node. The path is confined as file-write's is (baseDir, then the allowed
 * folders, symbolic links followed). Reads run one at a time in arrival order, so the line
 * sequences of two files never interleave.
 */
export async function createFileRead(ctx: NodeContext<FileReadConfig>): Promise<NodeHandlers> {
  const cfg = ctx.config;
  const { base, within, roots } = await fileBase(ctx, cfg.baseDir || undefined);
  let chain: Promise<void> = Promise.resolve();
  return {
    input(msg) {
      const run = chain.then(() => read(msg));
      chain = run.catch(() => undefined);
      return run;
    },
    async close() {
      await chain;
    },
  };

  async function read(msg: FlowMessage): Promise<void> {
    const file = await target(msg);
    const data = await readBounded(file);
    if (cfg.output === 'bytes') return ctx.send({ ...msg, payload: data, filename: file });
    const text = data.toString(cfg.encoding);
    if (cfg.output === 'text') return ctx.send({ ...msg, payload: text, filename: file });
    // One message per line, as Node-RED's "a msg per line": what follows the last line break is
    // the last message, empty when the file ends with one.
    const lines = text.split('\n');
    const id = newMessageId();
    ctx.send([
      lines.map((line, index) => ({
        ...msg,
        id: index === 0 ? msg.id : ctx.newMessage().id,
        payload: line.endsWith('\r') ? line.slice(0, -1) : line,
        filename: file,
        parts: { id, index, count: lines.length, type: 'string', ch: '\n' },
      })),
    ]);
  }

  async function target(msg: FlowMessage): Promise<string> {
    const raw = cfg.path ? render(cfg.path, msg, 'none') : typeof msg['filename'] === 'string' ? msg['filename'] : '';
    if (!raw) throw new UserError('file_path_missing', 'no file: set `path` in the node or `msg.filename`');
    const file = await confinedPath({ path: raw, base, within });
    return cfg.baseDir ? confinedPath({ path: file, base, within: roots }) : file;
  }

  async function readBounded(file: string): Promise<Buffer> {
    let fh;
    try {
      fh = await open(file, 'r');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new UserError('file_not_found', `"${file}" does not exist`);
      if (code === 'EISDIR') throw new UserError('file_is_folder', `"${file}" is a folder`);
      throw err;
    }
    try {
      const { size } = await fh.stat();
      if (size > cfg.maxBytes)
        throw new UserError('file_too_large', `"${file}" has ${size} bytes, more than maxBytes (${cfg.maxBytes})`);
      return await fh.readFile();
    } finally {
      await fh.close();
    }
  }
}
