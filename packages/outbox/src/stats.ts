import fs from 'node:fs';
import { statsPath } from './paths.js';

/**
 * Running totals of one outbox since its journal was created. They live beside the journal
 * (`<name>.stats.json`) because the owner runs in a flow worker or host process while /metrics is
 * served by the main process; a file is the one channel both already share (like commands).
 */
export interface OutboxStats {
  /** Entries acknowledged by the remote side. */
  delivered: number;
  /** Delivered entries that had waited: sent while catching up after a failed attempt or a restart, or replayed by an operator. */
  replayed: number;
  /** Entries that became dead letters. */
  deadLettered: number;
  /** Messages refused because the outbox was full, plus dead letters discarded by an operator. */
  dropped: number;
}

/**
 * The queue as its owner last saw it, stored beside the totals, so /metrics and the Queues screen
 * need not parse a journal of 100,000 entries (a third of a second) on every look.
 */
export interface QueueSnapshot {
  pending: number;
  dead: number;
  oldestPendingAt?: number;
  lastError?: string;
  /** Size of the journal when the snapshot was taken: equal to the file's size means still exact. */
  journalBytes: number;
  /** When it was taken (epoch ms). */
  at: number;
  /**
   * The queue lives in the cluster (no journal file here): `held` while this runtime runs the flow,
   * false once it stopped (another runtime shows it then).
   */
  cluster?: { held: boolean };
}

export function emptyStats(): OutboxStats {
  return { delivered: 0, replayed: 0, deadLettered: 0, dropped: 0 };
}

/** Reads the totals of outbox `name`; zeros when there are none yet (or the file is unreadable). */
export function readStats(outboxDir: string, name: string): OutboxStats {
  try {
    const v = JSON.parse(fs.readFileSync(statsPath(outboxDir, name), 'utf8')) as Record<string, unknown>;
    const num = (k: keyof OutboxStats) => (typeof v[k] === 'number' && Number.isFinite(v[k]) ? v[k] : 0);
    return {
      delivered: num('delivered'),
      replayed: num('replayed'),
      deadLettered: num('deadLettered'),
      dropped: num('dropped'),
    };
  } catch {
    return emptyStats();
  }
}

/** The owner's last snapshot of outbox `name`, or undefined (none written, or unreadable). */
export function readSnapshot(outboxDir: string, name: string): QueueSnapshot | undefined {
  try {
    const v = (JSON.parse(fs.readFileSync(statsPath(outboxDir, name), 'utf8')) as { queue?: unknown }).queue;
    if (typeof v !== 'object' || v === null) return undefined;
    const q = v as Record<string, unknown>;
    if (typeof q['pending'] !== 'number' || typeof q['dead'] !== 'number') return undefined;
    if (typeof q['journalBytes'] !== 'number' || typeof q['at'] !== 'number') return undefined;
    return {
      pending: q['pending'],
      dead: q['dead'],
      ...(typeof q['oldestPendingAt'] === 'number' ? { oldestPendingAt: q['oldestPendingAt'] } : {}),
      ...(typeof q['lastError'] === 'string' ? { lastError: q['lastError'] } : {}),
      journalBytes: q['journalBytes'],
      at: q['at'],
      ...(typeof q['cluster'] === 'object' && q['cluster'] !== null
        ? { cluster: { held: (q['cluster'] as { held?: unknown }).held === true } }
        : {}),
    };
  } catch {
    return undefined;
  }
}

/**
 * Writes the totals and the queue snapshot (temp file + rename, so a reader never sees half a
 * file). Not fsynced: after a power loss the counters may step back a little, which Prometheus
 * reads as a counter reset.
 */
export function writeStats(outboxDir: string, name: string, stats: OutboxStats, queue?: QueueSnapshot): void {
  const file = statsPath(outboxDir, name);
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(queue ? { ...stats, queue } : stats));
  fs.renameSync(tmp, file);
}
