import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FlowMessage } from '@millwright/model';
import { OutboxJournal, type JournalReplica } from './journal.js';
import type { JournalRecord } from './records.js';
import { listOutboxes } from './inspect.js';
import { OUTBOX_FOLDER } from './paths.js';
import { createStoreAndForward } from './store-and-forward.js';

/**
 * A replica in memory, as the cluster's stream behaves: records in order, compaction replaces
 * them. `gate` holds writes back until released, to see what waits together.
 */
class MemoryReplica implements JournalReplica {
  records: JournalRecord[] = [];
  writes: Array<{ op: 'append' | 'compact'; count: number }> = [];
  failNext = 0;
  /** The next write is refused as if another writer had changed the replica. */
  conflictNext = 0;
  private gate: Promise<void> | undefined;
  private open: (() => void) | undefined;

  hold(): void {
    this.gate = new Promise((r) => (this.open = r));
  }
  release(): void {
    this.open?.();
    this.gate = undefined;
  }
  async load(): Promise<readonly unknown[]> {
    return structuredClone(this.records);
  }
  async append(records: readonly JournalRecord[]): Promise<void> {
    await this.gate;
    if (this.failNext && this.failNext--) throw new Error('cluster unreachable');
    if (this.conflictNext && this.conflictNext--)
      throw Object.assign(new Error('wrong last sequence'), { code: 'queue_conflict' });
    this.writes.push({ op: 'append', count: records.length });
    this.records.push(...structuredClone(records));
  }
  async compact(records: readonly JournalRecord[]): Promise<void> {
    await this.gate;
    if (this.failNext && this.failNext--) throw new Error('cluster unreachable');
    this.writes.push({ op: 'compact', count: records.length });
    this.records = structuredClone([...records]);
  }
}

const entry = (n: number) => ({ id: `e${n}`, idempotencyKey: `k${n}`, request: { n } });

describe('outbox journal kept in a replica (cluster mode)', () => {
  it('writes every change to the replica, and a new journal restored from it has the same queue', async () => {
    const replica = new MemoryReplica();
    const a = OutboxJournal.open<{ n: number }>(undefined, { replica });
    a.enqueue([entry(1), entry(2), entry(3)]);
    a.ack('e1');
    a.markDead('e2', 'refused');
    await a.replicated();
    const b = OutboxJournal.open<{ n: number }>(undefined, { replica });
    await b.restore();
    expect(b.pending().map((e) => e.id)).toEqual(['e3']);
    expect(b.deadLetters().map((d) => [d.id, d.error])).toEqual([['e2', 'refused']]);
  });

  it('sends the changes made while a write is under way together, in order', async () => {
    const replica = new MemoryReplica();
    const j = OutboxJournal.open(undefined, { replica });
    replica.hold();
    j.enqueue([entry(1)]);
    for (let n = 2; n <= 50; n++) j.enqueue([entry(n)]);
    const all = j.replicated();
    replica.release();
    await all;
    expect(replica.writes).toEqual([
      { op: 'append', count: 1 },
      { op: 'append', count: 49 },
    ]);
    expect(replica.records.map((r) => r.id)).toEqual(Array.from({ length: 50 }, (_, i) => `e${i + 1}`));
  });

  it('compacts the replica to the live entries', async () => {
    const replica = new MemoryReplica();
    const j = OutboxJournal.open(undefined, { replica, compactMinRecords: 10 });
    for (let n = 1; n <= 20; n++) j.enqueue([entry(n)]);
    for (let n = 1; n <= 18; n++) j.ack(`e${n}`);
    await j.replicated();
    expect(replica.writes.some((w) => w.op === 'compact')).toBe(true);
    expect(replica.records.length).toBeLessThan(10);
    const again = OutboxJournal.open(undefined, { replica });
    await again.restore();
    expect(again.pending().map((e) => e.id)).toEqual(['e19', 'e20']);
  });

  it('after a failed write, reports it and sends the whole state with the next one', async () => {
    const replica = new MemoryReplica();
    const j = OutboxJournal.open(undefined, { replica });
    replica.failNext = 1;
    j.enqueue([entry(1)]);
    await expect(j.replicated()).rejects.toThrow('cluster unreachable');
    j.enqueue([entry(2)]);
    await j.replicated();
    expect(replica.writes.at(-1)).toEqual({ op: 'compact', count: 2 });
    const again = OutboxJournal.open(undefined, { replica });
    await again.restore();
    expect(again.pending().map((e) => e.id)).toEqual(['e1', 'e2']);
  });
});

describe('outbox journal in a replica: failures and close (review findings)', () => {
  it('repairs a lost write with the whole state, also when nothing else changes', async () => {
    const replica = new MemoryReplica();
    const j = OutboxJournal.open(undefined, { replica });
    j.enqueue([entry(1), entry(2)]);
    await j.replicated();
    replica.failNext = 1;
    j.ack('e1');
    await expect(j.replicated()).rejects.toThrow('cluster unreachable');
    // The retry a second later sends the live state (e2), not an empty one.
    await expect.poll(() => replica.writes.at(-1), { timeout: 3_000 }).toEqual({ op: 'compact', count: 1 });
    const again = OutboxJournal.open(undefined, { replica });
    await again.restore();
    expect(again.pending().map((e) => e.id)).toEqual(['e2']);
    j.close();
  });

  it('a close after a lost write first sends the whole state (drainReplica)', async () => {
    const replica = new MemoryReplica();
    const j = OutboxJournal.open(undefined, { replica });
    j.enqueue([entry(1)]);
    await j.replicated();
    replica.failNext = 1;
    j.enqueue([entry(2)]);
    await expect(j.replicated()).rejects.toThrow();
    await j.drainReplica(2_000);
    j.close();
    const again = OutboxJournal.open(undefined, { replica });
    await again.restore();
    expect(again.pending().map((e) => e.id)).toEqual(['e1', 'e2']);
  });

  it('after a conflict, reads the queue again and keeps what the other writer added', async () => {
    const replica = new MemoryReplica();
    const j = OutboxJournal.open<{ n: number }>(undefined, { replica });
    j.enqueue([entry(1)]);
    await j.replicated();
    // The runtime that held the flow before: its write arrived after this one read the queue.
    replica.records.push({ op: 'enqueue', id: 'e2', key: 'k2', request: { n: 2 }, attempts: 0, t: 0 });
    replica.conflictNext = 1;
    j.enqueue([entry(3)]);
    await expect(j.replicated()).rejects.toMatchObject({ code: 'queue_conflict' });
    j.ack('e1');
    await j.replicated(); // reads again, merges, writes the whole state
    expect(j.pending().map((e) => e.id)).toEqual(['e3', 'e2']);
    const again = OutboxJournal.open(undefined, { replica });
    await again.restore();
    expect(again.pending().map((e) => e.id)).toEqual(['e3', 'e2']);
    j.close();
  });

  it('writes nothing after close: a late write could undo what the next owner wrote', async () => {
    const replica = new MemoryReplica();
    const j = OutboxJournal.open(undefined, { replica });
    replica.hold();
    j.enqueue([entry(1)]); // under way
    j.enqueue([entry(2)]); // waiting behind it
    const second = j.replicated();
    j.close();
    replica.release();
    await expect(second).rejects.toThrow('closed');
    expect(replica.records.map((r) => r.id)).toEqual(['e1']);
  });
});

describe('store-and-forward queue in a replica', () => {
  const node = (replica: JournalReplica, errors: unknown[]) => ({
    id: 'n1',
    queueReplica: replica,
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    error: (err: unknown) => errors.push(err),
  });
  const msg = (n: number): FlowMessage => ({ id: `m${n}`, payload: n }) as FlowMessage;

  it('delivers what another runtime left in the replica, and accepts only once the replica stored it', async () => {
    const replica = new MemoryReplica();
    const before = OutboxJournal.open<{ n: number }>(undefined, { replica });
    before.enqueue([entry(1), entry(2)]); // queued by the runtime that died
    await before.replicated();

    const delivered: number[] = [];
    const errors: unknown[] = [];
    const sf = createStoreAndForward<{ n: number }, true>(node(replica, errors), {
      policy: { maxAttempts: 0, baseDelayMs: 10, maxDelayMs: 10, jitter: false },
      maxQueued: 100,
      async deliver(e) {
        delivered.push(e.request.n);
        return { ok: true, value: true };
      },
    });
    replica.hold();
    let settled = false;
    const accepted = sf
      .accept([msg(3)], (m) => ({ request: { n: m.payload as number } }))
      .then((n) => {
        settled = true;
        return n;
      });
    await new Promise((r) => setTimeout(r, 50));
    expect(settled).toBe(false); // the replica has not stored it yet
    replica.release();
    expect(await accepted).toBe(1);
    await expect.poll(() => delivered, { timeout: 2_000 }).toEqual([1, 2, 3]);
    await sf.close();
    // The acks reached the replica before close returned: the next runtime sends nothing again.
    const after = OutboxJournal.open(undefined, { replica });
    await after.restore();
    expect(after.depth).toBe(0);
    expect(errors).toEqual([]);
  });

  it('rejects with outbox_replica_failed when the replica cannot store the messages', async () => {
    const replica = new MemoryReplica();
    const sf = createStoreAndForward<{ n: number }, true>(node(replica, []), {
      policy: { maxAttempts: 0, baseDelayMs: 10, maxDelayMs: 10, jitter: false },
      maxQueued: 100,
      // the remote side never answers
      deliver: (_e, signal) =>
        new Promise((_r, reject) => signal.addEventListener('abort', () => reject(new Error('closed')))),
    });
    await sf.accept([], () => ({ request: { n: 0 } })); // loaded
    replica.failNext = 1;
    await expect(sf.accept([msg(1)], (m) => ({ request: { n: m.payload as number } }))).rejects.toMatchObject({
      code: 'outbox_replica_failed',
    });
    await sf.close();
  });

  it('shows in the queue list of the runtime that holds it, and not after', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'mw-replica-'));
    try {
      const replica = new MemoryReplica();
      const sf = createStoreAndForward<{ n: number }, true>(
        { ...node(replica, []), dataDir },
        {
          policy: { maxAttempts: 0, baseDelayMs: 10, maxDelayMs: 10, jitter: false },
          maxQueued: 100,
          deliver: (_e, signal) =>
            new Promise((_r, reject) => signal.addEventListener('abort', () => reject(new Error('closed')))),
        },
      );
      await sf.accept([msg(1), msg(2)], (m) => ({ request: { n: m.payload as number } }));
      const dir = join(dataDir, OUTBOX_FOLDER);
      await expect
        .poll(() => listOutboxes(dir).map((o) => [o.name, o.pending]), { timeout: 2_000 })
        .toEqual([['n1', 2]]);
      await sf.close();
      expect(listOutboxes(dir)).toEqual([]); // another runtime holds it now
      expect(replica.records.filter((r) => r.op === 'enqueue')).toHaveLength(2); // still in the cluster
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses a message too large for the cluster at once, and queues the others', async () => {
    const replica = new MemoryReplica();
    const errors: Array<{ code?: string }> = [];
    const sf = createStoreAndForward<{ body: string }, true>(node(replica, errors), {
      policy: { maxAttempts: 0, baseDelayMs: 10, maxDelayMs: 10, jitter: false },
      maxQueued: 100,
      deliver: (_e, signal) =>
        new Promise((_r, reject) => signal.addEventListener('abort', () => reject(new Error('closed')))),
    });
    const n = await sf.accept([msg(1), msg(2)], (m) => ({
      request: { body: m.payload === 1 ? 'x'.repeat(300 * 1024) : 'small' },
    }));
    expect(n).toBe(1);
    expect(errors.map((e) => e.code)).toEqual(['outbox_record_too_large']);
    expect(replica.records.filter((r) => r.op === 'enqueue')).toHaveLength(1);
    await sf.close();
  });
});
