import type { QueueReplica } from '@millwright/sdk';

/** One request to the cluster's copy of a node's queue, as a flow host sends it to the runtime. */
export interface QueueCall {
  op: 'load' | 'append' | 'compact';
  records?: readonly unknown[];
  /** The queue's last sequence this writer knows: a write is refused if someone else wrote since. */
  expect?: number;
}

/** The runtime's answer: the records (for a load) and the queue's last sequence now. */
export interface QueueAnswer {
  records?: unknown[];
  seq: number;
}

/** Code of the error a write gets when the queue changed since this writer read it. */
export const QUEUE_CONFLICT = 'queue_conflict';

/**
 * A node's `QueueReplica` over `call`, for one node instance: it keeps the sequence its last read or
 * write left the queue at, and writes only on top of it. Another writer in between (a runtime that
 * held the flow before and whose write arrives late) makes the write fail with `queue_conflict`;
 * the journal then reads the queue again and merges (packages/outbox journal.ts).
 */
export function queueReplicaClient(call: (c: QueueCall) => Promise<QueueAnswer>): QueueReplica {
  let seq: number | undefined;
  const write = async (op: 'append' | 'compact', records: readonly unknown[]): Promise<void> => {
    const answer = await call({ op, records, ...(seq !== undefined ? { expect: seq } : {}) });
    seq = answer.seq;
  };
  return {
    async load() {
      const answer = await call({ op: 'load' });
      seq = answer.seq;
      return answer.records ?? [];
    },
    append: (records) => write('append', records),
    compact: (records) => write('compact', records),
  };
}

/** An error from the runtime's answer, keeping the conflict code across the channel. */
export function queueError(message: string, conflict: boolean): Error {
  return Object.assign(new Error(message), conflict ? { code: QUEUE_CONFLICT } : {});
}
