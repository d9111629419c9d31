import { mkdir, open, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditEntry } from '@millwright/model';

/** What callers record; the log adds `time`. */
export type AuditRecord = Omit<AuditEntry, 'time'>;

/** Most entries `recent()` returns. */
export const MAX_AUDIT_READ = 1_000;
/** `recent()` reads at most this much of the end of the file. */
const TAIL_BYTES = 4 * 1024 * 1024;
/** Entries kept without a data dir. */
const MEMORY_ENTRIES = 1_000;
/** Detail keys whose string values are replaced, in case a caller passes a secret by mistake. */
const SECRET_KEY = /password|passphrase|secret|token|authorization/i;
/** Period of `tally`: repeats within it are summed into one line at its end. */
export const TALLY_INTERVAL_MS = 60_000;
/** Distinct keys `tally` writes at once per period; later ones go into the summary only. */
export const TALLY_FIRST_LINES = 20;
/** Distinct keys `tally` counts per period; beyond that they fold into one `*` line per action. */
export const TALLY_KEYS = 100;

interface Tally {
  record: AuditRecord;
  /** Occurrences not yet written. */
  count: number;
  first: string;
  last: string;
}

/**
 * Append-only audit log: one JSON line per entry in `<dataDir>/audit.log` (mode 0600), each
 * fsynced before `record` resolves (logins, deploys and credential changes are rare, so the
 * cost does not matter). Appends are atomic lines, so the CLI may add entries while the runtime
 * runs. Entries never hold passwords, tokens or credential values; string values of detail keys
 * that look like secrets are replaced by `[redacted]` as a second line of defence. Frequent
 * events an anonymous caller can cause (refused logins) go through `tally`, which sums repeats.
 * Without a data dir, the last 1,000 entries are kept in memory.
 */
export class AuditLog {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly memory: AuditEntry[] = [];
  private readonly tallies = new Map<string, Tally>();
  private firstLines = 0;
  private tallyTimer: NodeJS.Timeout | undefined;

  private constructor(
    private handle: FileHandle | undefined,
    /** audit.log, or undefined in memory. */
    readonly file: string | undefined,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Opens (creating) the log. `onError` hears about failed writes, which never reject `record`. */
  static async open(dataDir?: string, onError: (err: unknown) => void = () => undefined): Promise<AuditLog> {
    if (dataDir === undefined) return new AuditLog(undefined, undefined, onError);
    await mkdir(dataDir, { recursive: true });
    const file = join(dataDir, 'audit.log');
    return new AuditLog(await open(file, 'a', 0o600), file, onError);
  }

  /** Appends an entry and resolves once it is on disk (or the write failed and was reported). */
  record(record: AuditRecord): Promise<void> {
    return this.append([record]);
  }

  /** Appends entries with one write and one fsync. */
  private append(records: AuditRecord[]): Promise<void> {
    const time = new Date().toISOString();
    const entries: AuditEntry[] = records.map((r) => {
      const entry: AuditEntry = { time, ...r };
      if (entry.details) entry.details = scrub(entry.details);
      return entry;
    });
    const run = this.queue.then(async () => {
      if (!this.file) {
        this.memory.push(...entries);
        if (this.memory.length > MEMORY_ENTRIES) this.memory.splice(0, this.memory.length - MEMORY_ENTRIES);
        return;
      }
      if (!this.handle) throw new Error('the audit log is closed');
      await this.handle.write(entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
      await this.handle.datasync();
    });
    this.queue = run.catch(this.onError);
    return this.queue.then(() => undefined);
  }

  /**
   * Records a frequent event (refused logins) without a line and an fsync per occurrence: the
   * first occurrence of each `key` in a period of `TALLY_INTERVAL_MS` is written at once (up to
   * 20 keys per period), the rest are counted and written as one line per key at the end of the
   * period, with `details.count` (occurrences in the line), `details.first` and `details.last`.
   * More than 100 keys in a period fold into one line per action with actor `*`, so a flood
   * writes at most about 120 lines a minute.
   */
  tally(key: string, record: AuditRecord): void {
    const now = new Date().toISOString();
    const existing = this.tallies.get(key);
    this.tallyTimer ??= setTimeout(() => void this.flushTallies(), TALLY_INTERVAL_MS).unref();
    if (existing) {
      existing.count++;
      existing.last = now;
      existing.record = { ...record, actor: existing.record.actor };
      return;
    }
    if (this.tallies.size >= TALLY_KEYS && !key.startsWith('*\n')) {
      const { ip: _ip, ...rest } = record;
      this.tally(`*\n${record.action}`, { ...rest, actor: '*' });
      return;
    }
    const immediate = this.firstLines < TALLY_FIRST_LINES;
    if (immediate) this.firstLines++;
    this.tallies.set(key, { record, count: immediate ? 0 : 1, first: now, last: now });
    if (immediate) void this.record({ ...record, details: { ...record.details, count: 1 } });
  }

  /** Writes the counted occurrences of `tally` and starts a new period. */
  flushTallies(): Promise<void> {
    clearTimeout(this.tallyTimer);
    this.tallyTimer = undefined;
    const pending = [...this.tallies.values()].filter((t) => t.count > 0);
    this.tallies.clear();
    this.firstLines = 0;
    if (pending.length === 0) return this.queue.then(() => undefined);
    return this.append(
      pending.map((t) => ({
        ...t.record,
        details: { ...t.record.details, count: t.count, first: t.first, last: t.last },
      })),
    );
  }

  /** The last `limit` entries (at most 1,000), newest first. */
  async recent(limit = 100): Promise<AuditEntry[]> {
    const n = Math.max(1, Math.min(MAX_AUDIT_READ, Math.floor(limit)));
    await this.queue;
    if (!this.file) return this.memory.slice(-n).reverse();
    const { size } = await stat(this.file);
    const start = Math.max(0, size - TAIL_BYTES);
    const reader = await open(this.file, 'r');
    let text: string;
    try {
      const buffer = Buffer.alloc(size - start);
      await reader.read(buffer, 0, buffer.length, start);
      text = buffer.toString('utf8');
    } finally {
      await reader.close();
    }
    const lines = text.split('\n').filter(Boolean);
    if (start > 0) lines.shift(); // probably cut in the middle
    return lines.slice(-n).flatMap(parseLine).reverse();
  }

  async close(): Promise<void> {
    await this.flushTallies();
    await this.queue;
    await this.handle?.close();
    this.handle = undefined;
  }
}

function parseLine(line: string): AuditEntry[] {
  try {
    const value: unknown = JSON.parse(line);
    return isEntry(value) ? [value] : [];
  } catch {
    return [];
  }
}

function isEntry(v: unknown): v is AuditEntry {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof Reflect.get(v, 'action') === 'string' &&
    typeof Reflect.get(v, 'time') === 'string'
  );
}

function scrub(details: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(details).map(([k, v]) => [k, SECRET_KEY.test(k) && typeof v === 'string' ? '[redacted]' : v]),
  );
}
