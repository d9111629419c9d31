import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { join } from 'node:path';
import { OperationalError, UserError, type FlowMessage } from '@millwright/model';
import type { RetryPolicy } from './backoff.js';
import { applyCommands } from './commands.js';
import { OutboxDispatcher, type DeliveryResult } from './dispatcher.js';
import { readOutbox } from './inspect.js';
import { OutboxJournal, type JournalReplica, type NewEntry } from './journal.js';
import { journalPath, OUTBOX_FOLDER } from './paths.js';
import type { DeadLetter, OutboxEntry } from './records.js';
import { emptyStats, readStats, writeStats, type OutboxStats, type QueueSnapshot } from './stats.js';

/** How often operator commands (replay, discard from the admin API) are picked up. */
export const COMMAND_POLL_MS = 500;
/**
 * A change reaches the stats file (totals and queue snapshot for /metrics and the Queues screen)
 * within this delay; bursts of changes share one write.
 */
const STATS_WRITE_MS = 100;

/**
 * What the helper needs of a node: structurally a subset of the SDK's `NodeContext`, so this
 * package does not depend on the SDK and a node passes its `ctx` as it is.
 */
export interface StoreAndForwardNode {
  readonly id: string;
  readonly dataDir?: string | undefined;
  /** In a cluster, for a flow that runs exactly once: the queue lives there, not in a file. */
  readonly queueReplica?: JournalReplica | undefined;
  readonly log: { info(message: string): void; warn(message: string): void; error(message: string): void };
  error(err: unknown, msg?: FlowMessage): void;
}

export interface StoreAndForwardOptions<R, T> {
  /** Retry policy; `maxAttempts: 0` retries forever. */
  policy: RetryPolicy;
  /** Pending entries plus dead letters the journal may hold; beyond it input is refused (`outbox_full`). */
  maxQueued: number;
  /** Entries in flight at once (default 1: strict order, a failing head holds back the rest). */
  concurrency?: number;
  /** One attempt. Must honour `signal` (aborted on close). Retryable failures are retried with backoff. */
  deliver(entry: OutboxEntry<R>, signal: AbortSignal): Promise<DeliveryResult<T>>;
  /** After the ack is journaled. `replayed`: the entry had waited (failed before, restart, operator replay). */
  onDelivered?(entry: OutboxEntry<R>, value: T, info: { replayed: boolean }): void;
  /** After the entry became a dead letter. */
  onDead?(dead: DeadLetter<R>): void;
  /** Depth, dead letters or the last error changed: refresh the status badge. */
  onChange?(): void;
  /**
   * Fsync each ack (default false). A killed process keeps its unsynced writes, so only a power
   * loss could lose an ack, and then the entry is sent once more (at least once). erp-post keeps
   * them durable, as its docs promise.
   */
  durableAcks?: boolean;
  /** Error code when the journal cannot be written (default `outbox_journal_failed`; erp-post keeps its own). */
  journalFailedCode?: string;
}

/** A new entry as a node builds it from a message. */
export interface Stored<R> {
  request: R;
  /** Sent with every attempt so a receiver can drop duplicates; default: a new id per entry. */
  idempotencyKey?: string;
}

/** A node's store-and-forward queue. See `createStoreAndForward`. */
export interface StoreAndForward<R> {
  /** False when the node has no data dir: the queue lives in memory and dies with the process. */
  readonly durable: boolean;
  readonly depth: number;
  readonly deadCount: number;
  /** Error of the latest failed attempt, cleared by a success. */
  readonly lastError: string | undefined;
  /**
   * Journals the messages (one write and one fsync for the batch) and returns once they are
   * durable: the caller acknowledges its input only after this. Messages `build` throws for, or
   * that do not fit (`outbox_full`), or whose write failed (`outbox_journal_failed`) go to
   * `node.error` with their message. Resolves to how many were accepted: at once for a queue on
   * disk; for a queue in a cluster (`queueReplica`) once the cluster stored them, and it rejects
   * (`outbox_replica_failed`) when it could not (they are still sent from here).
   */
  accept(msgs: readonly FlowMessage[], build: (msg: FlowMessage) => Stored<R>): Promise<number>;
  /** Entries waiting, oldest first (a node may need them at start, e.g. to declare Sparkplug metrics). */
  pending(): OutboxEntry<R>[];
  /**
   * Resolves once the queue is loaded: at once on disk; in a cluster once read from it (`pending`
   * is empty before). Delivery starts then.
   */
  ready(): Promise<void>;
  /** The remote side is back: skip the rest of the current backoff. */
  retryNow(): void;
  /** `idle`, `12 queued`, `12 queued, 1 dead · <error>`, with `(memory)` when not durable. */
  describe(): string;
  stats(): OutboxStats;
  /** Stops delivering (attempts in flight are aborted and stay queued) and closes the journal. */
  close(): Promise<void>;
}

/**
 * Largest request a queue kept in a cluster stores (JSON): one record must fit a NATS message
 * (1 MB by default) with room for its batch.
 */
export const MAX_REPLICATED_REQUEST_BYTES = 256 * 1024;

/** A request that cannot go to the cluster's queue is refused at once, not after it blocked the queue. */
function checkReplicable(request: unknown): void {
  let bytes: number;
  try {
    bytes = Buffer.byteLength(JSON.stringify(request) ?? '');
  } catch (err) {
    throw new UserError('outbox_record_invalid', `the message cannot be queued: ${(err as Error).message}`, err);
  }
  if (bytes > MAX_REPLICATED_REQUEST_BYTES)
    throw new UserError(
      'outbox_record_too_large',
      `the message is ${bytes} bytes queued; a queue kept in the cluster takes at most ${MAX_REPLICATED_REQUEST_BYTES}`,
    );
}

/**
 * Settles with `work`, or rejects as soon as `signal` aborts: for a `deliver` whose client call
 * cannot be cancelled (an MQTT publish waiting for its PUBACK), so closing the node does not wait
 * for the remote side. The entry stays queued and is sent again by the next owner.
 */
export function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  work.catch(() => undefined); // a rejection after the abort has nobody left to hear it
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err as Error);
      },
    );
  });
}

/**
 * For a node whose store-and-forward is switched off: warns when its journal still holds messages
 * from when it was on (they are not sent until it is switched on again), so they are not forgotten.
 */
export function warnAboutStrandedQueue(node: StoreAndForwardNode): void {
  if (node.dataDir === undefined) return;
  const contents = readOutbox(join(node.dataDir, OUTBOX_FOLDER), node.id);
  const waiting = (contents?.pending.length ?? 0) + (contents?.dead.length ?? 0);
  if (waiting)
    node.log.warn(
      `store-and-forward is off, but ${waiting} messages from when it was on wait in its queue; switch it on to send them`,
    );
}

/**
 * Store-and-forward for an output node that talks to a remote system, one mechanism for every
 * such node (mqtt-out, http-request, erp-post): accepted messages go to the node's outbox journal
 * (`<dataDir>/outbox/<node id>.journal`, fsynced before the input is acknowledged), a dispatcher
 * delivers them oldest first with retry and backoff, entries stay in the journal until the remote
 * side acknowledged them (so a SIGKILL re-sends at most the ones in flight), dead letters go to
 * the catch nodes and wait in the journal for an operator's replay or discard (admin API, editor).
 * Totals for /metrics are kept in `<node id>.stats.json` beside the journal.
 */
export function createStoreAndForward<R, T>(
  node: StoreAndForwardNode,
  options: StoreAndForwardOptions<R, T>,
): StoreAndForward<R> {
  const outboxDir = node.dataDir !== undefined ? join(node.dataDir, OUTBOX_FOLDER) : undefined;
  const replica = node.queueReplica;
  let closed = false;
  /** A queue in a cluster is usable once read from it (see `ready`). */
  let loaded = !replica;
  const journal = replica
    ? OutboxJournal.open<R>(undefined, { replica })
    : OutboxJournal.open<R>(outboxDir ? journalPath(outboxDir, node.id) : undefined);
  if (!outboxDir && !replica)
    node.log.warn('no data dir: the store-and-forward queue is kept in memory and lost on restart');
  const reportRecovery = () => {
    const { tornBytes, corruptLines } = journal.recovery;
    if (tornBytes || corruptLines)
      node.log.warn(`outbox recovered: cut a torn last write of ${tornBytes} bytes, skipped ${corruptLines} bad lines`);
    if (journal.depth)
      node.log.info(`outbox recovered ${journal.depth} queued messages${replica ? ' from the cluster' : ''}`);
  };
  if (!replica) reportRecovery();
  else if (outboxDir) {
    fs.mkdirSync(outboxDir, { recursive: true }); // for the stats file: there is no journal file here
    const left = readOutbox(outboxDir, node.id);
    const waiting = (left?.pending.length ?? 0) + (left?.dead.length ?? 0);
    if (waiting)
      node.log.warn(
        `${waiting} messages wait in this runtime's own queue file from before the flow ran in the cluster; they are not sent while it does`,
      );
  }
  // "Replayed" = delivered during a catch-up: after a failed attempt or a restart, until the queue
  // has drained. That counts every message that had to wait for the remote side, not only the head
  // that took the failed attempts.
  let catchingUp = journal.depth > 0;

  const stats = outboxDir ? readStats(outboxDir, node.id) : emptyStats();
  let statsDirty = false;
  const snapshot = (): QueueSnapshot => {
    const oldest = journal.pending()[0];
    const lastError = journal.depth ? dispatcher.lastError : undefined;
    return {
      pending: journal.depth,
      dead: journal.deadLetters().length,
      ...(oldest ? { oldestPendingAt: oldest.enqueuedAt } : {}),
      ...(lastError !== undefined ? { lastError } : {}),
      journalBytes: journal.file ? fs.statSync(journal.file).size : 0,
      at: Date.now(),
      ...(replica ? { cluster: { held: !closed } } : {}),
    };
  };
  let statsTimer: NodeJS.Timeout | undefined;
  const flushStats = () => {
    if (statsTimer) clearTimeout(statsTimer);
    statsTimer = undefined;
    if (!statsDirty || !outboxDir) return;
    statsDirty = false;
    try {
      writeStats(outboxDir, node.id, stats, snapshot());
    } catch (err) {
      node.log.warn(`outbox stats: ${(err as Error).message}`);
    }
  };
  const markDirty = () => {
    statsDirty = true;
    if (!outboxDir || statsTimer) return;
    statsTimer = setTimeout(flushStats, STATS_WRITE_MS);
    statsTimer.unref();
  };
  const count = (key: keyof OutboxStats, n = 1) => {
    stats[key] += n;
    markDirty();
  };
  const changed = () => {
    markDirty();
    options.onChange?.();
  };
  const dispatcher = new OutboxDispatcher<R, T>({
    journal,
    policy: options.policy,
    concurrency: options.concurrency ?? 1,
    durableAcks: options.durableAcks ?? false,
    deliver: options.deliver,
    onDelivered(entry, value) {
      const replayed = catchingUp || entry.attempts > 0 || entry.lastError !== undefined;
      if (journal.depth === 0) catchingUp = false;
      count('delivered');
      if (replayed) count('replayed');
      options.onDelivered?.(entry, value, { replayed });
    },
    onDead(dead) {
      count('deadLettered');
      options.onDead?.(dead);
    },
    onRetry: () => {
      catchingUp = true;
    },
    onChange: changed,
    onJournalError: (err) => node.log.error(`outbox journal write failed: ${(err as Error).message}`),
  });

  /**
   * A queue in a cluster is read from it before anything is sent or accepted (the runtime that ran
   * the flow before may have left entries); until then `accept` waits. Retried until it works.
   */
  const ready: Promise<void> | undefined = replica
    ? (async () => {
        for (let wait = 250; !closed; wait = Math.min(wait * 2, 5_000)) {
          try {
            await journal.restore();
            reportRecovery();
            catchingUp = journal.depth > 0;
            loaded = true;
            dispatcher.kick();
            changed();
            return;
          } catch (err) {
            node.log.error(`outbox: cannot read the queue from the cluster (${(err as Error).message}); retrying`);
            await new Promise((r) => setTimeout(r, wait));
          }
        }
      })()
    : undefined;

  const poll = outboxDir
    ? setInterval(() => {
        if (!loaded) return;
        try {
          const done = applyCommands(journal, outboxDir, node.id);
          if (!done.replayed.length && !done.deleted.length) return;
          node.log.info(`outbox: replayed ${done.replayed.length}, discarded ${done.deleted.length} dead letters`);
          if (done.deleted.length) count('dropped', done.deleted.length);
          dispatcher.kick();
          changed();
          flushStats(); // the operator is looking at the Queues screen: show the effect now
        } catch (err) {
          node.log.warn(`outbox commands: ${(err as Error).message}`);
        }
      }, COMMAND_POLL_MS)
    : undefined;

  if (!replica) dispatcher.kick(); // recovered entries go out at once
  markDirty(); // a first snapshot, so the queue shows without a journal parse

  const acceptNow = (msgs: readonly FlowMessage[], build: (msg: FlowMessage) => Stored<R>): Promise<number> => {
    const entries: NewEntry<R>[] = [];
    const accepted: FlowMessage[] = [];
    let room = options.maxQueued - journal.depth - journal.deadLetters().length;
    for (const msg of msgs) {
      if (room <= 0) {
        count('dropped');
        node.error(
          new OperationalError(
            'outbox_full',
            `the store-and-forward queue holds ${options.maxQueued} messages (maxQueued); message refused`,
          ),
          msg,
        );
        continue;
      }
      try {
        const { request, idempotencyKey } = build(msg);
        if (replica) checkReplicable(request);
        const id = randomUUID();
        entries.push({ id, idempotencyKey: idempotencyKey ?? id, request });
        accepted.push(msg);
        room--;
      } catch (err) {
        node.error(err, msg);
      }
    }
    if (!entries.length) return Promise.resolve(0);
    try {
      journal.enqueue(entries);
    } catch (err) {
      const e = new OperationalError(
        options.journalFailedCode ?? 'outbox_journal_failed',
        `outbox journal write failed: ${(err as Error).message}`,
        err,
      );
      for (const msg of accepted) node.error(e, msg);
      return Promise.resolve(0);
    }
    changed();
    dispatcher.kick();
    if (!replica) return Promise.resolve(entries.length);
    return journal.replicated().then(
      () => entries.length,
      (err: unknown) => {
        throw new OperationalError(
          'outbox_replica_failed',
          `the cluster did not store the queued messages (${(err as Error).message}); they are sent from this runtime only`,
          err,
        );
      },
    );
  };

  return {
    durable: outboxDir !== undefined || replica !== undefined,
    get depth() {
      return journal.depth;
    },
    get deadCount() {
      return journal.deadLetters().length;
    },
    get lastError() {
      return dispatcher.lastError;
    },
    accept(msgs, build) {
      if (loaded || !ready) return acceptNow(msgs, build);
      return ready.then(() => acceptNow(msgs, build));
    },
    pending: () => journal.pending(),
    ready: () => ready ?? Promise.resolve(),
    retryNow: () => dispatcher.retryNow(),
    describe() {
      const depth = journal.depth;
      const dead = journal.deadLetters().length;
      const parts = [depth ? `${depth} queued` : 'idle'];
      if (dead) parts.push(`${dead} dead`);
      const error = depth ? dispatcher.lastError : undefined;
      const where = replica ? (loaded ? ' (cluster)' : ' (loading from the cluster)') : outboxDir ? '' : ' (memory)';
      const text = parts.join(', ') + (error ? ` · ${error.slice(0, 60)}` : '') + where;
      return text.length > 100 ? `${text.slice(0, 99)}…` : text;
    },
    stats: () => ({ ...stats }),
    async close() {
      closed = true;
      if (poll) clearInterval(poll);
      if (statsTimer) clearTimeout(statsTimer);
      await dispatcher.stop();
      if (replica) statsDirty = true; // the snapshot says the queue is no longer held here
      flushStats();
      // The next runtime to run the flow must see this one's acks, or it sends those entries again.
      await journal.drainReplica(5_000);
      journal.close();
    },
  };
}
