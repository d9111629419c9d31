/**
 * What a journal line holds. One JSON object per line, appended in order; the state of the outbox
 * is the fold of all lines (see `applyRecord`).
 */
export type JournalRecord =
  | { op: 'enqueue'; id: string; key: string; request: unknown; attempts: number; t: number }
  | { op: 'fail'; id: string; attempts: number; error: string; t: number }
  | { op: 'ack'; id: string; t: number }
  | { op: 'dead'; id: string; error: string; t: number }
  | { op: 'replay'; id: string; t: number }
  | { op: 'delete'; id: string; t: number };

/** An outbound request waiting for delivery (or parked as a dead letter). */
export interface OutboxEntry<R = unknown> {
  /** Unique within the journal. */
  id: string;
  /** Sent with every attempt; the receiver uses it to drop duplicates. Stable across retries and restarts. */
  idempotencyKey: string;
  /** What to send, as the producer stored it. */
  request: R;
  /** Failed attempts so far (reset by a replay). */
  attempts: number;
  /** Epoch ms of the enqueue. */
  enqueuedAt: number;
  lastError?: string;
}

/** A request that gave up: permanent error, or too many attempts. */
export interface DeadLetter<R = unknown> extends OutboxEntry<R> {
  error: string;
  deadAt: number;
}

/** The folded state of a journal. Maps keep insertion order, which is the delivery order. */
export interface JournalState<R = unknown> {
  pending: Map<string, OutboxEntry<R>>;
  dead: Map<string, DeadLetter<R>>;
}

export function emptyState<R>(): JournalState<R> {
  return { pending: new Map(), dead: new Map() };
}

/**
 * Applies one record to the state. Records that do not fit (an ack for an unknown id, a replay
 * of an entry that is not dead) are ignored, which makes replaying a command twice harmless.
 */
export function applyRecord<R>(state: JournalState<R>, rec: JournalRecord): void {
  switch (rec.op) {
    case 'enqueue':
      if (state.pending.has(rec.id) || state.dead.has(rec.id)) return;
      state.pending.set(rec.id, {
        id: rec.id,
        idempotencyKey: rec.key,
        request: rec.request as R,
        attempts: rec.attempts,
        enqueuedAt: rec.t,
      });
      return;
    case 'fail': {
      const e = state.pending.get(rec.id);
      if (!e) return;
      e.attempts = rec.attempts;
      e.lastError = rec.error;
      return;
    }
    case 'ack':
      state.pending.delete(rec.id);
      return;
    case 'dead': {
      const e = state.pending.get(rec.id);
      if (!e) return;
      state.pending.delete(rec.id);
      state.dead.set(rec.id, { ...e, error: rec.error, deadAt: rec.t });
      return;
    }
    case 'replay': {
      const d = state.dead.get(rec.id);
      if (!d) return;
      state.dead.delete(rec.id);
      // A replayed entry goes to the back of the queue with a fresh attempt budget.
      state.pending.set(rec.id, {
        id: d.id,
        idempotencyKey: d.idempotencyKey,
        request: d.request,
        attempts: 0,
        enqueuedAt: d.enqueuedAt,
        lastError: d.error,
      });
      return;
    }
    case 'delete':
      state.dead.delete(rec.id);
      return;
  }
}

/** Serialises a record as one journal line, newline included. */
export function recordLine(rec: JournalRecord): string {
  return `${JSON.stringify(rec)}\n`;
}

/** Result of parsing a journal's text. */
export interface ParsedJournal {
  records: JournalRecord[];
  /** Byte length of the well-formed prefix: everything after it is a torn write. */
  goodBytes: number;
  /** Bytes after `goodBytes` (an unterminated or unparsable last line). */
  tornBytes: number;
  /** Complete lines in the middle of the file that could not be read (skipped). */
  corruptLines: number;
}

/**
 * Parses journal text. A crash can leave the last line half written (no newline, cut inside the
 * JSON, or zero-filled after a power loss): everything after the last readable record is reported
 * as `tornBytes` and ignored. A bad line followed by good ones cannot come from a torn append; it
 * is skipped and counted in `corruptLines`.
 */
export function parseJournal(buf: Buffer): ParsedJournal {
  const records: JournalRecord[] = [];
  let corruptLines = 0;
  let pos = 0;
  let goodBytes = 0;
  let pendingBad = 0;
  while (pos < buf.length) {
    const nl = buf.indexOf(0x0a, pos);
    if (nl === -1) break; // unterminated last line: torn
    const rec = parseRecord(buf.toString('utf8', pos, nl));
    pos = nl + 1;
    if (rec) {
      corruptLines += pendingBad;
      pendingBad = 0;
      records.push(rec);
      goodBytes = pos;
    } else {
      pendingBad++;
    }
  }
  return { records, goodBytes, tornBytes: buf.length - goodBytes, corruptLines };
}

function parseRecord(line: string): JournalRecord | undefined {
  if (!line.trim()) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return undefined;
  }
  return recordOf(v);
}

/** A journal record from a parsed value (a line, or a replica's stored record); undefined when it is not one. */
export function recordOf(v: unknown): JournalRecord | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const r = v as Record<string, unknown>;
  if (typeof r['id'] !== 'string' || typeof r['op'] !== 'string') return undefined;
  const t = typeof r['t'] === 'number' ? r['t'] : 0;
  const id = r['id'];
  switch (r['op']) {
    case 'enqueue':
      if (typeof r['key'] !== 'string') return undefined;
      return { op: 'enqueue', id, key: r['key'], request: r['request'], attempts: num(r['attempts']), t };
    case 'fail':
      return { op: 'fail', id, attempts: num(r['attempts']), error: String(r['error'] ?? ''), t };
    case 'dead':
      return { op: 'dead', id, error: String(r['error'] ?? ''), t };
    case 'ack':
    case 'replay':
    case 'delete':
      return { op: r['op'], id, t };
    default:
      return undefined;
  }
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}
