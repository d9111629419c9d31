import fs from 'node:fs';
import { dirname } from 'node:path';
import {
  applyRecord,
  emptyState,
  parseJournal,
  recordLine,
  recordOf,
  type DeadLetter,
  type JournalRecord,
  type JournalState,
  type OutboxEntry,
} from './records.js';

/**
 * A journal kept outside the process instead of a file: a cluster's replicated stream
 * (`NodeContext.queueReplica`). Calls come one at a time, in order. A write that fails with an
 * error whose `code` is `queue_conflict` (another writer changed the replica since this one read
 * it) makes the journal `load` again and merge what it finds before its next write.
 */
export interface JournalReplica {
  /** Every record stored, oldest first. */
  load(): Promise<readonly unknown[]>;
  /** Appends records; resolves once they are stored. */
  append(records: readonly JournalRecord[]): Promise<void>;
  /** Replaces everything stored before with `records` (the live entries). */
  compact(records: readonly JournalRecord[]): Promise<void>;
}

/** A write to the replica waiting its turn; appends that wait together go as one. */
interface ReplicaWrite {
  recs: JournalRecord[];
  compact: boolean;
  started: boolean;
  waiters: Array<{ resolve(): void; reject(err: Error): void }>;
}

/** Finished entries a replica journal remembers, so a merge after a conflict does not bring them back. */
const FINISHED_MEMORY = 10_000;

/** After a failed replica write, the whole state is written again this much later (or with the next change). */
const REPLICA_RETRY_MS = 1_000;

export interface JournalOptions {
  /** Compaction is considered once the file holds this many records (default 1000). */
  compactMinRecords?: number;
  /**
   * Keep the journal in this replica instead of a file (pass `file` undefined): the state is in
   * memory, every change is written to the replica in order (changes made while a write is under
   * way go together in the next one), and `restore` loads it. See `replicated`.
   */
  replica?: JournalReplica;
  /** Clock for record times (tests). */
  now?: () => number;
}

/** What recovery found when the journal was opened. */
export interface RecoveryReport {
  /** Records read. */
  records: number;
  /** Bytes of a torn last write that were cut off the file. */
  tornBytes: number;
  /** Unreadable complete lines that were skipped. */
  corruptLines: number;
}

/** A new entry for `enqueue`. */
export interface NewEntry<R> {
  id: string;
  idempotencyKey: string;
  request: R;
}

/**
 * A durable outbox: an append-only file of JSON lines (`enqueue`, `fail`, `ack`, `dead`,
 * `replay`, `delete`) owned by one writer. `enqueue` returns only after the line is written and
 * fsynced, so a caller that acknowledges its input after `enqueue` never loses an accepted
 * request, even on SIGKILL or power loss. Acks, dead letters and replays are fsynced too; failed
 * attempts are not (losing one only resets a retry count).
 *
 * Opening replays the file: the last line may be torn by a crash and is cut off; a stale
 * compaction file is removed. When finished entries dominate, the journal is rewritten with only
 * the live ones (new file, fsync, rename, fsync of the folder), so the file stays small.
 *
 * Without a file (`OutboxJournal.open(undefined)`) it keeps its state in memory only.
 * One process and one instance per file: a second writer would corrupt it.
 */
export class OutboxJournal<R = unknown> {
  private fd: number | null = null;
  private readonly state: JournalState<R> = emptyState<R>();
  private records = 0;
  /** Size of the file as this writer made it (the only writer). */
  private bytes = 0;
  private readonly compactMinRecords: number;
  private readonly now: () => number;
  private closed = false;
  private readonly replica: JournalReplica | undefined;
  private readonly replicaWrites: ReplicaWrite[] = [];
  private replicaBusy = false;
  /** A replica write failed: the next write sends the whole state instead. */
  private replicaStale = false;
  /** A write was refused because another writer changed the replica: read it again before the next one. */
  private replicaConflict = false;
  /** Ids of entries acked or deleted here lately (at most FINISHED_MEMORY), for that merge. */
  private readonly finished = new Set<string>();
  private replicaRetry: NodeJS.Timeout | undefined;
  /** What recovery found; all zero for a new or in-memory journal. */
  readonly recovery: RecoveryReport = { records: 0, tornBytes: 0, corruptLines: 0 };

  private constructor(
    /** The journal file, or undefined for an in-memory outbox. */
    readonly file: string | undefined,
    options: JournalOptions,
  ) {
    this.compactMinRecords = options.compactMinRecords ?? 1_000;
    this.now = options.now ?? Date.now;
    this.replica = options.replica;
  }

  /** Loads the replica's records into this (empty) journal. Rejects when the replica cannot be read. */
  async restore(): Promise<void> {
    if (!this.replica) return;
    const stored = await this.replica.load();
    let corrupt = 0;
    for (const v of stored) {
      const rec = recordOf(v);
      if (rec) applyRecord(this.state, rec);
      else corrupt++;
    }
    this.records = stored.length;
    Object.assign(this.recovery, { records: stored.length, corruptLines: corrupt });
  }

  /**
   * Resolves once every change made so far is stored in the replica (at once without one);
   * rejects when the write that carried the last change failed.
   */
  replicated(): Promise<void> {
    const last = this.replicaWrites.at(-1);
    if (!last) return Promise.resolve();
    return new Promise((resolve, reject) => last.waiters.push({ resolve, reject }));
  }

  /**
   * Opens (creating folders and file as needed) and recovers the journal at `file`.
   * Throws on IO errors (no permission, disk full): the caller must not accept work then.
   */
  static open<R = unknown>(file: string | undefined, options: JournalOptions = {}): OutboxJournal<R> {
    const j = new OutboxJournal<R>(file, options);
    if (file) j.recover(file);
    return j;
  }

  /** Entries waiting for delivery, oldest first. */
  pending(): OutboxEntry<R>[] {
    return [...this.state.pending.values()];
  }

  /** Dead letters, oldest first. */
  deadLetters(): DeadLetter<R>[] {
    return [...this.state.dead.values()];
  }

  /** Number of entries waiting for delivery. */
  get depth(): number {
    return this.state.pending.size;
  }

  get(id: string): OutboxEntry<R> | undefined {
    return this.state.pending.get(id);
  }

  /**
   * Appends entries with one write and one fsync. When it returns, they are durable; when it
   * throws (disk full), none may be considered accepted.
   */
  enqueue(entries: ReadonlyArray<NewEntry<R>>): void {
    const t = this.now();
    const recs: JournalRecord[] = [];
    for (const e of entries) {
      if (this.state.pending.has(e.id) || this.state.dead.has(e.id))
        throw new Error(`outbox entry "${e.id}" already exists`);
      recs.push({ op: 'enqueue', id: e.id, key: e.idempotencyKey, request: e.request, attempts: 0, t });
    }
    this.append(recs, true);
  }

  /** Records a failed attempt (not fsynced). */
  recordFailure(id: string, attempts: number, error: string): void {
    if (!this.state.pending.has(id)) return;
    this.append([{ op: 'fail', id, attempts, error, t: this.now() }], false);
    this.maybeCompact(); // a long outage writes one per attempt
  }

  /**
   * The entry was delivered: it leaves the outbox. Fsynced unless `durable` is false: a process
   * that is killed keeps what it wrote anyway (the page cache survives it); only a power loss can
   * lose the ack, and then the entry is delivered once more, which at-least-once allows.
   */
  ack(id: string, durable = true): void {
    if (!this.state.pending.has(id)) return;
    this.append([{ op: 'ack', id, t: this.now() }], durable);
    this.maybeCompact();
  }

  /**
   * Several entries were delivered: one write, and no fsync unless `durable`. For queues that
   * deliver at least once anyway: an ack lost in a crash only delivers the entry again.
   */
  ackAll(ids: readonly string[], durable = false): void {
    const t = this.now();
    const recs: JournalRecord[] = [];
    for (const id of ids) if (this.state.pending.has(id)) recs.push({ op: 'ack', id, t });
    this.append(recs, durable);
    this.maybeCompact();
  }

  /** The entry gave up: it becomes a dead letter. */
  markDead(id: string, error: string): void {
    if (!this.state.pending.has(id)) return;
    this.append([{ op: 'dead', id, error, t: this.now() }], true);
    this.maybeCompact();
  }

  /** Puts a dead letter back in the queue with a fresh attempt budget. Returns false when `id` is not dead. */
  replay(id: string): boolean {
    if (!this.state.dead.has(id)) return false;
    this.append([{ op: 'replay', id, t: this.now() }], true);
    return true;
  }

  /** Drops a dead letter for good. Returns false when `id` is not dead. */
  remove(id: string): boolean {
    if (!this.state.dead.has(id)) return false;
    this.append([{ op: 'delete', id, t: this.now() }], true);
    this.maybeCompact();
    return true;
  }

  /** Rewrites the file with only the live entries. Safe at any time; a crash midway leaves the old file. */
  compact(): void {
    if (this.closed) return;
    if (this.replica) {
      const recs = this.liveRecords();
      this.replicate(recs, true);
      this.records = recs.length;
      return;
    }
    const file = this.file;
    if (!file) return;
    const recs = this.liveRecords();
    const tmp = compactionPath(file);
    const fd = fs.openSync(tmp, 'w');
    const content = Buffer.from(recs.map(recordLine).join(''), 'utf8');
    const size = content.length;
    try {
      writeAll(fd, content);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    // Rename is atomic: a crash leaves either the old or the new file as the journal.
    fs.renameSync(tmp, file);
    syncFolder(dirname(file));
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = fs.openSync(file, 'a');
    this.records = recs.length;
    this.bytes = size;
  }

  /** Records that rebuild the live entries and dead letters, and nothing else. */
  private liveRecords(): JournalRecord[] {
    const recs: JournalRecord[] = [];
    for (const e of this.state.pending.values()) {
      recs.push({ op: 'enqueue', id: e.id, key: e.idempotencyKey, request: e.request, attempts: 0, t: e.enqueuedAt });
      if (e.attempts > 0 || e.lastError !== undefined)
        recs.push({ op: 'fail', id: e.id, attempts: e.attempts, error: e.lastError ?? '', t: e.enqueuedAt });
    }
    for (const d of this.state.dead.values()) {
      recs.push({
        op: 'enqueue',
        id: d.id,
        key: d.idempotencyKey,
        request: d.request,
        attempts: d.attempts,
        t: d.enqueuedAt,
      });
      recs.push({ op: 'dead', id: d.id, error: d.error, t: d.deadAt });
    }
    return recs;
  }

  /**
   * Waits (at most `timeoutMs`) until the replica has stored every change, so the next owner of
   * the queue sees its acks; then `close`.
   */
  async drainReplica(timeoutMs: number): Promise<void> {
    // A lost write not yet repaired: send the whole state now rather than leave it out.
    if (this.replicaStale && !this.replicaWrites.length && !this.closed) this.replicate([], true);
    if (!this.replicaWrites.length) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.replicated().catch(() => undefined),
      new Promise<void>((r) => (timer = setTimeout(r, timeoutMs))),
    ]);
    clearTimeout(timer);
  }

  /** Closes the file. Later writes throw. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.replicaRetry) clearTimeout(this.replicaRetry);
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }

  // ---- internals ---------------------------------------------------------------------------

  private recover(file: string): void {
    fs.mkdirSync(dirname(file), { recursive: true });
    fs.rmSync(compactionPath(file), { force: true }); // an interrupted compaction; the journal is intact
    let created = false;
    let buf: Buffer;
    try {
      buf = fs.readFileSync(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      buf = Buffer.alloc(0);
      created = true;
    }
    const parsed = parseJournal(buf);
    for (const r of parsed.records) applyRecord(this.state, r);
    this.records = parsed.records.length;
    Object.assign(this.recovery, {
      records: parsed.records.length,
      tornBytes: parsed.tornBytes,
      corruptLines: parsed.corruptLines,
    });
    this.fd = fs.openSync(file, 'a');
    if (parsed.tornBytes > 0) {
      // Cut the torn tail so the next append starts on a clean line.
      fs.ftruncateSync(this.fd, parsed.goodBytes);
      fs.fsyncSync(this.fd);
    }
    this.bytes = parsed.goodBytes;
    if (created) {
      fs.fsyncSync(this.fd);
      syncFolder(dirname(file));
    }
  }

  private append(recs: JournalRecord[], sync: boolean): void {
    if (this.closed) throw new Error('the outbox journal is closed');
    if (!recs.length) return;
    if (this.fd !== null) {
      const buf = Buffer.from(recs.map(recordLine).join(''), 'utf8');
      try {
        writeAll(this.fd, buf);
        if (sync) fs.fsyncSync(this.fd);
      } catch (err) {
        // Disk full or IO error: take back a partial write so no half-accepted record survives.
        try {
          fs.ftruncateSync(this.fd, this.bytes);
        } catch {
          // recovery will treat the tail as torn
        }
        throw err;
      }
      this.bytes += buf.length;
    }
    // State changes only after the write succeeded, so a failed write leaves memory and disk agreeing.
    for (const r of recs) applyRecord(this.state, r);
    this.records += recs.length;
    if (this.replica) {
      for (const r of recs)
        if (r.op === 'ack' || r.op === 'delete') {
          this.finished.add(r.id);
          if (this.finished.size > FINISHED_MEMORY) this.finished.delete(this.finished.values().next().value!);
        }
      this.replicate(recs, false);
    }
  }

  private replicate(recs: JournalRecord[], compact: boolean): void {
    const last = this.replicaWrites.at(-1);
    if (last && !last.started && !last.compact && !compact) last.recs.push(...recs);
    else this.replicaWrites.push({ recs: [...recs], compact, started: false, waiters: [] });
    this.pumpReplica();
  }

  private pumpReplica(): void {
    const replica = this.replica;
    const write = this.replicaWrites[0];
    if (!replica || this.replicaBusy || !write) return;
    if (this.closed) {
      // Closed: the queue may belong to another runtime now, and a late write (a compaction's purge
      // above all) could undo its writes. What was not stored is reported to its waiters.
      for (const w of this.replicaWrites.splice(0).flatMap((x) => x.waiters))
        w.reject(new Error('the outbox was closed before the cluster stored this'));
      return;
    }
    this.replicaBusy = true;
    write.started = true;
    const send = async (): Promise<void> => {
      if (this.replicaConflict) {
        // Someone else wrote the queue since we read it (a runtime that held the flow before, whose
        // write arrived late): read it again and take in what it added, then write the whole state.
        for (const v of await replica.load()) {
          const rec = recordOf(v);
          // An entry this journal delivered (or dropped) since must not come back from the old records.
          if (rec && !(rec.op === 'enqueue' && this.finished.has(rec.id))) applyRecord(this.state, rec);
        }
        this.replicaConflict = false;
        this.replicaStale = true;
      }
      if (write.compact || this.replicaStale) {
        // A compaction sends the live state as it is now; after a lost write, so does the next write
        // (the state includes that write's changes and this one's). Records queued behind it repeat
        // some of it, which replaying does not mind (an enqueue of a known id, an ack of a gone one).
        write.compact = true;
        write.recs = this.liveRecords();
      }
      await (write.compact ? replica.compact(write.recs) : replica.append(write.recs));
    };
    send()
      .then(
        () => {
          if (write.compact) this.replicaStale = false;
          for (const w of write.waiters) w.resolve();
        },
        (err: unknown) => {
          this.replicaStale = true;
          if ((err as { code?: unknown } | null)?.code === 'queue_conflict') this.replicaConflict = true;
          for (const w of write.waiters) w.reject(err instanceof Error ? err : new Error(String(err)));
          if (!this.replicaRetry && !this.closed) {
            this.replicaRetry = setTimeout(() => {
              this.replicaRetry = undefined;
              if (this.replicaStale && !this.closed && !this.replicaWrites.length) this.replicate([], true);
            }, REPLICA_RETRY_MS);
            this.replicaRetry.unref();
          }
        },
      )
      .finally(() => {
        this.replicaWrites.shift();
        this.replicaBusy = false;
        this.pumpReplica();
      });
  }

  private maybeCompact(): void {
    if ((!this.file && !this.replica) || this.records < this.compactMinRecords) return;
    const live = this.state.pending.size * 2 + this.state.dead.size * 2;
    if (this.records <= live * 2) return;
    try {
      this.compact();
    } catch {
      // The record that triggered this is durable already; a failed compaction only leaves a
      // longer file, and the next one retries.
      if (this.file) fs.rmSync(compactionPath(this.file), { force: true });
    }
  }
}

function compactionPath(file: string): string {
  return `${file}.compact`;
}

function writeAll(fd: number, buf: Buffer): void {
  let off = 0;
  while (off < buf.length) off += fs.writeSync(fd, buf, off, buf.length - off);
}

/** Makes a rename or a new file in `dir` durable. */
function syncFolder(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
