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

/**
 * Append-only audit log: one JSON line per entry in `<dataDir>/audit.log` (mode 0600), each
 * fsynced before `record` resolves (logins, deploys and credential changes are rare, so the
 * cost does not matter). Appends are atomic lines, so the CLI may add entries while the runtime
 * runs. Entries never hold passwords, tokens or credential values; string values of detail keys
 * that look like secrets are replaced by `[redacted]` as a second line of defence.
 * Without a data dir, the last 1,000 entries are kept in memory.
 */
export class AuditLog {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly memory: AuditEntry[] = [];

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
    const entry: AuditEntry = { time: new Date().toISOString(), ...record };
    if (entry.details) entry.details = scrub(entry.details);
    const run = this.queue.then(async () => {
      if (!this.file) {
        this.memory.push(entry);
        if (this.memory.length > MEMORY_ENTRIES) this.memory.shift();
        return;
      }
      if (!this.handle) throw new Error('the audit log is closed');
      await this.handle.write(`${JSON.stringify(entry)}\n`);
      await this.handle.datasync();
    });
    this.queue = run.catch(this.onError);
    return this.queue.then(() => undefined);
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
