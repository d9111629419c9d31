import fs from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { OutboxJournal } from './journal.js';
import { commandsPath } from './paths.js';

/** An operator command for an outbox, from the admin API to the journal's owner. */
export interface OutboxCommand {
  op: 'replay' | 'delete';
  /** Dead-letter ids. Ids that are not (or no longer) dead letters are skipped. */
  ids: string[];
}

/**
 * Hands a command to the owner of outbox `name`. The journal has one writer (the node, maybe in a
 * worker thread or another process), so the command is dropped as its own file into the
 * outbox's command folder (written to a temp name, fsynced, then renamed: the owner never sees a
 * half-written command), and the owner applies it on its next poll (`applyCommands`).
 * Returns the command's file name.
 */
export function submitCommand(outboxDir: string, name: string, cmd: OutboxCommand): string {
  const dir = commandsPath(outboxDir, name);
  fs.mkdirSync(dir, { recursive: true });
  // Time first so the owner applies commands in submission order.
  const file = `${Date.now().toString().padStart(15, '0')}-${randomUUID()}.json`;
  const tmp = join(dir, `.${file}.tmp`);
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeSync(fd, JSON.stringify(cmd));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, join(dir, file));
  return file;
}

/** What one `applyCommands` call did. */
export interface AppliedCommands {
  replayed: string[];
  deleted: string[];
}

/**
 * Applies the commands waiting for outbox `name` to its journal, oldest first, and removes each
 * command file after its effect is journaled. A crash in between applies it again on the next
 * poll, which is harmless: replaying or deleting an id that is no longer dead does nothing.
 * Unreadable command files are removed.
 */
export function applyCommands<R>(journal: OutboxJournal<R>, outboxDir: string, name: string): AppliedCommands {
  const out: AppliedCommands = { replayed: [], deleted: [] };
  const dir = commandsPath(outboxDir, name);
  let files: string[];
  try {
    files = fs.readdirSync(dir).filter((f) => f.endsWith('.json') && !f.startsWith('.'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return out;
    throw err;
  }
  for (const f of files.sort()) {
    const path = join(dir, f);
    const cmd = readCommand(path);
    if (cmd?.op === 'replay') for (const id of cmd.ids) if (journal.replay(id)) out.replayed.push(id);
    if (cmd?.op === 'delete') for (const id of cmd.ids) if (journal.remove(id)) out.deleted.push(id);
    fs.rmSync(path, { force: true });
  }
  return out;
}

function readCommand(path: string): OutboxCommand | undefined {
  try {
    const v = JSON.parse(fs.readFileSync(path, 'utf8')) as unknown;
    if (typeof v !== 'object' || v === null) return undefined;
    const { op, ids } = v as Record<string, unknown>;
    if ((op !== 'replay' && op !== 'delete') || !Array.isArray(ids)) return undefined;
    return { op, ids: ids.filter((i): i is string => typeof i === 'string') };
  } catch {
    return undefined;
  }
}
