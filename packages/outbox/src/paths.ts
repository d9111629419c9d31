import { join } from 'node:path';

/** Sub-folder of a runtime data dir that holds the outbox journals. */
export const OUTBOX_FOLDER = 'outbox';
const JOURNAL_EXT = '.journal';
const COMMANDS_EXT = '.commands';
const STATS_EXT = '.stats.json';

/**
 * A node id as a file name: characters outside `[A-Za-z0-9_-]` are percent-encoded (the dot
 * too, so no name can be `..` or clash with the extensions). Reversible with `decodeURIComponent`.
 */
export function fileSafeId(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, (c) =>
    [...Buffer.from(c, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
}

/** Where the journal of outbox `name` (usually a node id) lives inside `outboxDir`. */
export function journalPath(outboxDir: string, name: string): string {
  return join(outboxDir, `${fileSafeId(name)}${JOURNAL_EXT}`);
}

/** Folder of pending operator commands (replay, delete) for outbox `name`. */
export function commandsPath(outboxDir: string, name: string): string {
  return join(outboxDir, `${fileSafeId(name)}${COMMANDS_EXT}`);
}

/** Counters of outbox `name` (delivered, replayed, dead-lettered, dropped), for metrics. */
export function statsPath(outboxDir: string, name: string): string {
  return join(outboxDir, `${fileSafeId(name)}${STATS_EXT}`);
}

/** The outbox name of a stats file name, or undefined when it is not one. */
export function nameOfStats(fileName: string): string | undefined {
  if (!fileName.endsWith(STATS_EXT)) return undefined;
  try {
    return decodeURIComponent(fileName.slice(0, -STATS_EXT.length));
  } catch {
    return undefined;
  }
}

/** The outbox name of a journal file name, or undefined when it is not a journal. */
export function nameOfJournal(fileName: string): string | undefined {
  if (!fileName.endsWith(JOURNAL_EXT)) return undefined;
  try {
    return decodeURIComponent(fileName.slice(0, -JOURNAL_EXT.length));
  } catch {
    return undefined;
  }
}
