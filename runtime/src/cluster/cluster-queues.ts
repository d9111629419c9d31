import { DiscardPolicy, jetstream, jetstreamManager, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { QUEUE_CONFLICT, type QueueAnswer } from '../engine/queue-replica-client.js';

/** Largest message this writes (nats-server refuses over 1 MB by default): bigger batches are split. */
const MAX_CHUNK_BYTES = 512 * 1024;
/** A queue read taking longer fails (and is tried again): a hang must not hold the queue forever. */
const LOAD_TIMEOUT_MS = 15_000;
/** Queue data kept in the stream, at most (the nodes' `maxQueued` bounds each queue well below it). */
const MAX_STREAM_BYTES = 1024 ** 3;

/**
 * The store-and-forward queues of flows that run exactly once, kept in the cluster (stream
 * `MW_<name>_QUEUES`, one subject per node) so the runtime that takes a flow over continues its
 * queues: entries accepted on a runtime that died are delivered by the next one.
 *
 * Each message holds a batch of the queue's journal records (the outbox's own format, opaque
 * here), in order; `load` reads them back. A compaction writes the live records and purges the
 * subject below them. Only the runtime holding the flow's lease writes its subjects, one call at a
 * time per queue (the journal sends them so).
 */
export class ClusterQueues {
  private constructor(
    private readonly name: string,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
  ) {}

  static async open(nc: NatsConnection, name: string, replicas: number): Promise<ClusterQueues> {
    const jsm = await jetstreamManager(nc);
    const stream = streamOf(name);
    await jsm.streams
      .add({
        name: stream,
        subjects: [`mw.${name}.queues.>`],
        retention: RetentionPolicy.Limits,
        storage: StorageType.File,
        num_replicas: replicas,
        max_bytes: MAX_STREAM_BYTES,
        discard: DiscardPolicy.New,
      })
      .catch(async (err: unknown) => {
        await jsm.streams.info(stream).catch(() => {
          throw err;
        });
      });
    return new ClusterQueues(name, jetstream(nc), jsm);
  }

  /** Every record stored for the queue of `nodeId` in `flowId`, oldest first, and its last sequence (0: none). */
  async load(flowId: string, nodeId: string): Promise<QueueAnswer> {
    const subject = this.subjectOf(flowId, nodeId);
    const stream = streamOf(this.name);
    // The last message of the subject, from the stream's leader: null only when there is none (an
    // error, e.g. no leader while one is elected, rejects and the caller retries). Not the stream
    // info's subject counts, which can come back without the subject and would read as empty.
    const last = await this.jsm.streams.getMessage(stream, { last_by_subj: subject });
    if (!last) return { records: [], seq: 0 };
    const consumer = await this.js.consumers.get(stream, { filter_subjects: subject });
    const messages = await consumer.consume();
    const records: unknown[] = [];
    let seq = 0;
    const timer = setTimeout(() => messages.stop(), LOAD_TIMEOUT_MS);
    try {
      for await (const m of messages) {
        const batch = m.json<unknown>();
        if (Array.isArray(batch)) records.push(...(batch as unknown[]));
        seq = m.seq;
        if (m.seq >= last.seq) break;
      }
    } finally {
      clearTimeout(timer);
      messages.stop();
    }
    if (seq < last.seq) throw new Error(`the queue could not be read to its end within ${LOAD_TIMEOUT_MS} ms`);
    return { records, seq };
  }

  /**
   * Appends records to the queue; resolves once the cluster stored them (replicated), with the
   * queue's last sequence. With `expect`, only on top of that sequence: a write from another
   * runtime in between (a holder cut off whose write arrived late) fails it with `queue_conflict`.
   */
  async append(flowId: string, nodeId: string, records: readonly unknown[], expect?: number): Promise<QueueAnswer> {
    const { last } = await this.publishChunks(this.subjectOf(flowId, nodeId), records, expect);
    return { seq: last };
  }

  /** Replaces the queue's records with `records` (written first, then everything older is purged); as `append`. */
  async compact(flowId: string, nodeId: string, records: readonly unknown[], expect?: number): Promise<QueueAnswer> {
    const subject = this.subjectOf(flowId, nodeId);
    const { first, last } = await this.publishChunks(subject, records, expect);
    // A crash between the two leaves old and new records; replaying both gives the same state.
    await this.jsm.streams.purge(streamOf(this.name), { filter: subject, seq: first });
    return { seq: last };
  }

  /** Publishes `records` in messages under the size limit, each on top of the one before. */
  private async publishChunks(
    subject: string,
    records: readonly unknown[],
    expect: number | undefined,
  ): Promise<{ first: number; last: number }> {
    let first = 0;
    let last = expect;
    let chunk: unknown[] = [];
    let bytes = 2;
    const flush = async (): Promise<void> => {
      let ack;
      try {
        ack = await this.js.publish(subject, JSON.stringify(chunk), {
          ...(last !== undefined ? { expect: { lastSubjectSequence: last } } : {}),
        });
      } catch (err) {
        if (/wrong last sequence/i.test((err as Error).message))
          throw Object.assign(new Error(`the queue changed since this runtime read it (${(err as Error).message})`), {
            code: QUEUE_CONFLICT,
          });
        throw err;
      }
      first ||= ack.seq;
      last = ack.seq;
      chunk = [];
      bytes = 2;
    };
    for (const r of records) {
      const size = Buffer.byteLength(JSON.stringify(r)) + 1;
      if (chunk.length && bytes + size > MAX_CHUNK_BYTES) await flush();
      chunk.push(r);
      bytes += size;
    }
    if (chunk.length || !first) await flush(); // a compaction to nothing still marks where to purge
    return { first, last: last ?? first };
  }

  private subjectOf(flowId: string, nodeId: string): string {
    // hex keeps any id a single valid subject token
    return `mw.${this.name}.queues.${Buffer.from(flowId).toString('hex')}.${Buffer.from(nodeId).toString('hex')}`;
  }
}

const streamOf = (name: string) => `MW_${name.replace(/[^A-Za-z0-9_-]/g, '_')}_QUEUES`;
