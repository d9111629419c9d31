import fs from 'node:fs';
import { join } from 'node:path';
import { applyRecord, emptyState, parseJournal, type DeadLetter, type OutboxEntry } from './records.js';
import { commandsPath, journalPath, nameOfJournal, nameOfStats } from './paths.js';
import { readSnapshot } from './stats.js';

/** A snapshot younger than this is used even though its journal grew since (the owner rewrites it every second). */
const SNAPSHOT_FRESH_MS = 5_000;

/** One outbox as seen from outside its owner. */
export interface OutboxSummary {
  /** The outbox name (the erp-post node id). */
  name: string;
  pending: number;
  dead: number;
  /** Enqueue time of the oldest pending entry, epoch ms. */
  oldestPendingAt?: number;
  /** Error of the most recent failed attempt among pending entries. */
  lastError?: string;
  /** Journal file size in bytes. */
  bytes: number;
  /** Operator commands not yet picked up by the owner (it is stopped, or polls soon). */
  commandsWaiting: number;
}

/** The entries of one outbox, read without touching the file. */
export interface OutboxContents<R = unknown> {
  pending: OutboxEntry<R>[];
  dead: DeadLetter<R>[];
}

/**
 * Reads outbox `name` in `outboxDir` without opening it for writing: for the admin API, which
 * runs beside the journal's owner. A torn last line is ignored (not cut). Returns undefined when
 * there is no such journal. The owner may compact at any time; its rename is atomic, so a read
 * always sees one whole file.
 */
export function readOutbox<R = unknown>(outboxDir: string, name: string): OutboxContents<R> | undefined {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(journalPath(outboxDir, name));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const state = emptyState<R>();
  for (const r of parseJournal(buf).records) applyRecord(state, r);
  return { pending: [...state.pending.values()], dead: [...state.dead.values()] };
}

/** Every outbox journal in `outboxDir`, sorted by name. An absent folder has none. */
export function listOutboxes(outboxDir: string): OutboxSummary[] {
  let files: string[];
  try {
    files = fs.readdirSync(outboxDir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const out: OutboxSummary[] = [];
  // Queues kept in a cluster have no journal here: their holder's snapshot describes them.
  const journals = new Set(files.map(nameOfJournal).filter((n) => n !== undefined));
  for (const f of files) {
    const name = nameOfStats(f);
    if (name === undefined || journals.has(name)) continue;
    const snap = readSnapshot(outboxDir, name);
    if (!snap?.cluster?.held) continue;
    out.push({
      name,
      pending: snap.pending,
      dead: snap.dead,
      ...(snap.oldestPendingAt !== undefined ? { oldestPendingAt: snap.oldestPendingAt } : {}),
      ...(snap.lastError !== undefined ? { lastError: snap.lastError } : {}),
      bytes: 0,
      commandsWaiting: countCommands(outboxDir, name),
    });
  }
  for (const f of files.sort()) {
    const name = nameOfJournal(f);
    if (name === undefined) continue;
    // The owner's snapshot when it is exact (journal unchanged) or fresh; parsing is the fallback.
    const bytes = sizeOf(join(outboxDir, f));
    const snap = readSnapshot(outboxDir, name);
    if (snap && (snap.journalBytes === bytes || Date.now() - snap.at < SNAPSHOT_FRESH_MS)) {
      out.push({
        name,
        pending: snap.pending,
        dead: snap.dead,
        ...(snap.oldestPendingAt !== undefined ? { oldestPendingAt: snap.oldestPendingAt } : {}),
        ...(snap.lastError !== undefined ? { lastError: snap.lastError } : {}),
        bytes,
        commandsWaiting: countCommands(outboxDir, name),
      });
      continue;
    }
    const contents = readOutbox(outboxDir, name);
    if (!contents) continue; // removed meanwhile
    const oldest = contents.pending[0];
    const lastError = contents.pending.findLast((e) => e.lastError !== undefined)?.lastError;
    out.push({
      name,
      pending: contents.pending.length,
      dead: contents.dead.length,
      ...(oldest ? { oldestPendingAt: oldest.enqueuedAt } : {}),
      ...(lastError !== undefined ? { lastError } : {}),
      bytes,
      commandsWaiting: countCommands(outboxDir, name),
    });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function sizeOf(path: string): number {
  try {
    return fs.statSync(path).size;
  } catch {
    return 0;
  }
}

function countCommands(outboxDir: string, name: string): number {
  try {
    return fs.readdirSync(commandsPath(outboxDir, name)).filter((f) => f.endsWith('.json') && !f.startsWith('.'))
      .length;
  } catch {
    return 0;
  }
}
