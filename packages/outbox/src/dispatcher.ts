import { backoffDelay, type RetryPolicy } from './backoff.js';
import type { OutboxJournal } from './journal.js';
import type { DeadLetter, OutboxEntry } from './records.js';

/**
 * Outcome of one delivery attempt. `permanent` failures (a 400: the same request will never
 * succeed) become dead letters at once; the others are retried with backoff.
 */
export type DeliveryResult<T> = { ok: true; value: T } | { ok: false; permanent: boolean; error: string };

export interface DispatcherOptions<R, T> {
  journal: OutboxJournal<R>;
  /** Makes one attempt. Must honour `signal` (aborted on stop) and should not throw. */
  deliver(entry: OutboxEntry<R>, signal: AbortSignal): Promise<DeliveryResult<T>>;
  policy: RetryPolicy;
  /** Entries in flight at once (default 1). With 1, entries are delivered strictly in order. */
  concurrency?: number;
  /** Fsync each ack (default true). False: a power loss may deliver an acked entry again. */
  durableAcks?: boolean;
  /** Called after the ack is journaled. */
  onDelivered?(entry: OutboxEntry<R>, value: T): void;
  /** Called after the entry is journaled as dead. */
  onDead?(entry: DeadLetter<R>): void;
  /** Called after a retryable failure, with the wait before the next attempt. */
  onRetry?(entry: OutboxEntry<R>, info: { attempts: number; delayMs: number; error: string }): void;
  /** Queue depth or last error changed (status badges). */
  onChange?(): void;
  /** The journal could not be written; the entry stays queued and is tried again later. */
  onJournalError?(err: unknown): void;
  random?: () => number;
}

/**
 * Delivers the entries of an outbox journal: the oldest `concurrency` pending entries are in
 * flight (or waiting out their backoff) at any time, so with concurrency 1 a failing head blocks
 * the ones behind it and order is kept. Each outcome is journaled before it is reported:
 * success -> `ack` then `onDelivered`; permanent failure or too many attempts -> `dead` then
 * `onDead`; otherwise a `fail` record and a timer (exponential backoff, full jitter).
 *
 * Entries recovered from the journal are tried at once on start, whatever their attempt count.
 */
export class OutboxDispatcher<R, T> {
  private readonly inFlight = new Map<string, { controller: AbortController; done: Promise<void> }>();
  private readonly waiting = new Map<string, NodeJS.Timeout>();
  private stopped = false;
  private scheduled = false;
  private lastErrorText: string | undefined;
  private readonly concurrency: number;

  constructor(private readonly options: DispatcherOptions<R, T>) {
    this.concurrency = Math.max(1, options.concurrency ?? 1);
  }

  /** Error of the most recent failed attempt, cleared by a success. */
  get lastError(): string | undefined {
    return this.lastErrorText;
  }

  /** Entries in flight right now. */
  get active(): number {
    return this.inFlight.size;
  }

  /** Looks for work: call after enqueueing or replaying entries. Cheap and idempotent. */
  kick(): void {
    if (this.stopped || this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  /**
   * The remote side is back (a broker reconnected): entries waiting out their backoff are tried
   * now instead of after up to `maxDelayMs`. Order is kept; entries in flight are left alone.
   */
  retryNow(): void {
    if (this.stopped || !this.waiting.size) return;
    for (const t of this.waiting.values()) clearTimeout(t);
    this.waiting.clear();
    this.kick();
  }

  /**
   * Stops delivering: clears backoff timers, aborts attempts in flight and waits for them to
   * settle. Their outcome is not journaled (the journal may be closed next), so they stay
   * pending and are sent again, with the same idempotency key, by the next owner.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.waiting.values()) clearTimeout(t);
    this.waiting.clear();
    const running = [...this.inFlight.values()];
    for (const r of running) r.controller.abort(new Error('outbox stopped'));
    await Promise.all(running.map((r) => r.done));
  }

  private pump(): void {
    if (this.stopped) return;
    let slots = this.concurrency;
    for (const entry of this.options.journal.pending()) {
      if (slots-- <= 0) break;
      if (this.inFlight.has(entry.id) || this.waiting.has(entry.id)) continue;
      this.start(entry);
    }
  }

  private start(entry: OutboxEntry<R>): void {
    const controller = new AbortController();
    const done = this.attempt(entry, controller.signal).finally(() => {
      this.inFlight.delete(entry.id);
      this.pump();
    });
    this.inFlight.set(entry.id, { controller, done });
  }

  private async attempt(entry: OutboxEntry<R>, signal: AbortSignal): Promise<void> {
    let result: DeliveryResult<T>;
    try {
      result = await this.options.deliver(entry, signal);
    } catch (err) {
      result = { ok: false, permanent: false, error: err instanceof Error ? err.message : String(err) };
    }
    if (this.stopped) return;
    const { journal } = this.options;
    try {
      if (result.ok) {
        journal.ack(entry.id, this.options.durableAcks ?? true);
        this.lastErrorText = undefined;
        this.options.onChange?.();
        this.options.onDelivered?.(entry, result.value);
        return;
      }
      this.lastErrorText = result.error;
      const attempts = entry.attempts + 1;
      const { maxAttempts } = this.options.policy;
      if (result.permanent || (maxAttempts > 0 && attempts >= maxAttempts)) {
        const why = result.permanent ? result.error : `${result.error} (gave up after ${attempts} attempts)`;
        journal.recordFailure(entry.id, attempts, result.error);
        journal.markDead(entry.id, why);
        this.options.onChange?.();
        const dead = journal.deadLetters().find((d) => d.id === entry.id);
        if (dead) this.options.onDead?.(dead);
        return;
      }
      journal.recordFailure(entry.id, attempts, result.error);
      this.options.onChange?.();
      this.retryLater(entry, attempts, result.error);
    } catch (err) {
      // The outcome is not durable, so the entry must be tried again.
      this.options.onJournalError?.(err);
      this.retryLater(entry, entry.attempts + 1, String(err));
    }
  }

  private retryLater(entry: OutboxEntry<R>, attempts: number, error: string): void {
    const delayMs = backoffDelay(attempts, this.options.policy, this.options.random);
    this.options.onRetry?.(entry, { attempts, delayMs, error });
    const timer = setTimeout(() => {
      this.waiting.delete(entry.id);
      this.pump();
    }, delayMs);
    this.waiting.set(entry.id, timer);
  }
}
