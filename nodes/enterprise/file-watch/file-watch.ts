import { watch, type FSWatcher } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { UserError } from '@millwright/model';
import {
  attachReceipt,
  confinedPath,
  confinementOf,
  newReceipt,
  releaseReceipt,
  type NodeContext,
  type NodeHandlers,
} from '@millwright/sdk';
import type { FileWatchConfig } from './config.js';
import { globToRegExp } from './glob.js';

type FileEvent = 'add' | 'change' | 'unlink';
interface Stamp {
  size: number;
  mtimeMs: number;
}
interface Candidate extends Stamp {
  event: 'add' | 'change';
  /** When this size/mtime was first seen. */
  since: number;
}

// Coalesces the bursts of notifications one write produces.
const WATCH_DEBOUNCE_MS = 50;

/**
 * Builds the file-watch node. Scans the folder every `pollMs` and when the OS reports a change
 * (fs.watch, where available), compares sizes and times with the last scan, and reports a new or
 * changed file once it has been stable for `settleMs`. Removed files are reported at the next
 * scan. Polling is the source of truth, so network shares without notifications work too.
 */
export async function createFileWatch(ctx: NodeContext<FileWatchConfig>): Promise<NodeHandlers> {
  const cfg = ctx.config;
  // The folder and the done folder must lie in an allowed folder (settings.json `files.roots`),
  // symbolic links followed; relative ones start at the first. Links inside are not followed (list).
  const roots = confinementOf(ctx).fileRoots;
  const confine = (path: string, base: string) => confinedPath({ path, base, within: roots, allowRoot: true });
  const root = await confine(cfg.dir, roots[0] ?? '.');
  const doneDir = cfg.moveTo ? await confine(cfg.moveTo, root) : undefined;
  const match = globToRegExp(cfg.pattern);
  const byPath = cfg.pattern.includes('/');
  const known = new Map<string, Stamp>();
  const candidates = new Map<string, Candidate>();
  let closed = false;
  let scanning: Promise<void> | null = null;
  let again = false;
  let watcher: FSWatcher | undefined;
  let debounce: NodeJS.Timeout | undefined;
  let settleTimer: NodeJS.Timeout | undefined;
  let missing = false;
  /** Resolves when the node closes: a scan waiting for the flow to take a file gives up then. */
  let closing!: () => void;
  const whenClosed = new Promise<void>((r) => (closing = r));

  const list = async (): Promise<Map<string, Stamp> | null> => {
    const out = new Map<string, Stamp>();
    const walk = async (dir: string): Promise<void> => {
      const entries = await readdir(dir, { withFileTypes: true });
      for (const e of entries) {
        const full = join(dir, e.name);
        if (e.isDirectory()) {
          if (cfg.recursive && full !== doneDir) await walk(full).catch(() => undefined);
          continue;
        }
        if (!e.isFile()) continue;
        const rel = relative(root, full).split(sep).join('/');
        if (!match.test(byPath ? rel : e.name)) continue;
        const s = await stat(full).catch(() => null); // removed meanwhile
        if (s) out.set(rel, { size: s.size, mtimeMs: s.mtimeMs });
      }
    };
    try {
      await walk(root);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    return out;
  };

  const scanOnce = async (): Promise<void> => {
    await confine(root, root); // a folder replaced by a link to elsewhere since the start is refused
    const files = await list();
    if (closed) return;
    if (!files) {
      if (!missing) ctx.status({ fill: 'yellow', shape: 'ring', text: `waiting for ${root}` });
      missing = true;
      return;
    }
    if (missing || !watcher) startWatcher();
    missing = false;
    const now = Date.now();
    for (const [rel, s] of files) {
      const prev = known.get(rel);
      if (prev && prev.size === s.size && prev.mtimeMs === s.mtimeMs) {
        candidates.delete(rel);
        continue;
      }
      const c = candidates.get(rel);
      if (!c || c.size !== s.size || c.mtimeMs !== s.mtimeMs) {
        candidates.set(rel, { ...s, event: prev ? 'change' : 'add', since: now });
        if (cfg.settleMs > 0) continue;
      } else if (now - c.since < cfg.settleMs) continue;
      candidates.delete(rel);
      known.set(rel, s);
      await report(rel, prev ? 'change' : 'add', s);
      if (closed) return;
    }
    for (const rel of [...known.keys()]) {
      if (files.has(rel)) continue;
      known.delete(rel);
      if (cfg.events.includes('unlink')) await report(rel, 'unlink', undefined);
    }
    for (const rel of [...candidates.keys()]) if (!files.has(rel)) candidates.delete(rel);
    scheduleSettle();
  };

  const scan = (): Promise<void> => {
    if (closed) return Promise.resolve();
    if (scanning) {
      again = true;
      return scanning;
    }
    scanning = (async () => {
      do {
        again = false;
        try {
          await scanOnce();
        } catch (err) {
          ctx.error(err);
        }
      } while (again && !closed);
      scanning = null;
    })();
    return scanning;
  };

  /** Rescans when the oldest waiting file has been stable long enough. */
  const scheduleSettle = () => {
    if (settleTimer) clearTimeout(settleTimer);
    settleTimer = undefined;
    if (!candidates.size || closed) return;
    const now = Date.now();
    const due = Math.min(...[...candidates.values()].map((c) => c.since + cfg.settleMs - now));
    settleTimer = setTimeout(() => void scan(), Math.max(10, due + 5));
  };

  const startWatcher = () => {
    watcher?.close();
    watcher = undefined;
    try {
      watcher = watch(root, { recursive: cfg.recursive, persistent: false }, () => {
        if (debounce) clearTimeout(debounce);
        debounce = setTimeout(() => void scan(), WATCH_DEBOUNCE_MS);
      });
      watcher.on('error', () => {
        // Folder removed or notifications unsupported: polling carries on.
        watcher?.close();
        watcher = undefined;
      });
    } catch {
      watcher = undefined;
    }
  };

  async function report(rel: string, event: FileEvent, s: Stamp | undefined): Promise<void> {
    if (!cfg.events.includes(event)) return;
    // Back-pressure: a flow over its queue limit gets no new files until it has caught up.
    await Promise.race([ctx.flow.whenWritable(), whenClosed]);
    if (closed) return;
    const filename = join(root, rel);
    let payload: unknown = null;
    if (event !== 'unlink' && cfg.read !== 'none') {
      if (s && s.size > cfg.maxBytes) {
        ctx.error(
          new UserError('file_too_large', `${filename} has ${s.size} bytes, more than maxBytes (${cfg.maxBytes})`),
          ctx.newMessage({ payload: null, filename, event }),
        );
        return;
      }
      try {
        const buf = await readFile(filename);
        payload = cfg.read === 'buffer' ? buf : buf.toString(cfg.read);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // gone before we read it
        throw err;
      }
    }
    const msg = ctx.newMessage({
      payload,
      topic: rel,
      filename,
      event,
      ...(s ? { size: s.size, mtime: new Date(s.mtimeMs).toISOString() } : {}),
    });
    if (!doneDir || event === 'unlink') {
      ctx.send(msg);
      return;
    }
    // Ack after take: the file moves to the done folder only once the flow has taken its message.
    // A crash before leaves it in place, to be reported again at the next start.
    let settle!: (taken: boolean) => void;
    const wasTaken = new Promise<boolean>((r) => (settle = r));
    // Dropped unfinished (a node closed by a deploy): the file stays, to be reported again.
    const receipt = newReceipt(
      () => settle(true),
      () => settle(false),
    );
    ctx.send(attachReceipt(msg, receipt));
    releaseReceipt(receipt);
    if (!(await Promise.race([wasTaken, whenClosed.then(() => false)]))) return;
    await moveToDone(filename, join(doneDir, rel));
    known.delete(rel);
  }

  // With a done folder, a file still in the input folder was not taken: it is reported whatever
  // `initial` says (after a crash it would otherwise be skipped).
  if (!cfg.initial && !doneDir) {
    // Files present at start are recorded without a report, before setup returns.
    for (const [rel, st] of (await list()) ?? []) known.set(rel, st);
  }
  const poll = setInterval(() => void scan(), cfg.pollMs);
  void scan();

  return {
    async close() {
      closed = true;
      closing();
      clearInterval(poll);
      if (debounce) clearTimeout(debounce);
      if (settleTimer) clearTimeout(settleTimer);
      watcher?.close();
      await scanning;
    },
  };

  async function moveToDone(from: string, to: string): Promise<void> {
    await mkdir(dirname(to), { recursive: true });
    try {
      await rename(from, to);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
      await copyFile(from, to); // another disk: copy, then remove
      await rm(from, { force: true });
    }
  }
}
