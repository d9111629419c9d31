import { afterEach, describe, expect, it } from 'vitest';
import { backoffDelay, type RetryPolicy } from './backoff.js';
import { OutboxDispatcher, type DeliveryResult } from './dispatcher.js';
import { OutboxJournal } from './journal.js';
import type { OutboxEntry } from './records.js';

type Req = { n: number };
const fast: RetryPolicy = { maxAttempts: 0, baseDelayMs: 5, maxDelayMs: 20, jitter: false };
const dispatchers: OutboxDispatcher<Req, string>[] = [];
afterEach(async () => {
  for (const d of dispatchers.splice(0)) await d.stop();
});

function setup(args: {
  deliver: (e: OutboxEntry<Req>, signal: AbortSignal) => Promise<DeliveryResult<string>>;
  policy?: RetryPolicy;
  concurrency?: number;
}) {
  const journal = OutboxJournal.open<Req>(undefined);
  const delivered: string[] = [];
  const dead: Array<[string, string]> = [];
  const retries: number[] = [];
  const d = new OutboxDispatcher<Req, string>({
    journal,
    deliver: args.deliver,
    policy: args.policy ?? fast,
    concurrency: args.concurrency ?? 1,
    onDelivered: (e) => delivered.push(e.id),
    onDead: (e) => dead.push([e.id, e.error]),
    onRetry: (_e, info) => retries.push(info.delayMs),
  });
  dispatchers.push(d);
  const add = (...ids: string[]) => {
    journal.enqueue(ids.map((id, i) => ({ id, idempotencyKey: id, request: { n: i } })));
    d.kick();
  };
  return { journal, d, delivered, dead, retries, add };
}

const until = async (check: () => boolean, ms = 2_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 2));
  }
};

describe('backoffDelay', () => {
  const policy: RetryPolicy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1_000, jitter: false };
  it('doubles per failure up to the cap', () => {
    expect([1, 2, 3, 4, 5, 9].map((n) => backoffDelay(n, policy))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });
  it('spreads the delay between 0 and the cap with full jitter', () => {
    const j = { ...policy, jitter: true };
    expect(backoffDelay(3, j, () => 0)).toBe(0);
    expect(backoffDelay(3, j, () => 0.5)).toBe(200);
    expect(backoffDelay(3, j, () => 0.999)).toBe(400);
  });
});

describe('OutboxDispatcher', () => {
  it('delivers in order and acks each entry in the journal', async () => {
    const seen: string[] = [];
    const s = setup({
      deliver: async (e) => {
        seen.push(e.id);
        return { ok: true, value: 'ok' };
      },
    });
    s.add('a', 'b', 'c');
    await until(() => s.delivered.length === 3);
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(s.journal.depth).toBe(0);
  });

  it('with concurrency 1, a failing head blocks the entries behind it until it succeeds', async () => {
    let failures = 3;
    const seen: string[] = [];
    const s = setup({
      deliver: async (e) => {
        seen.push(e.id);
        if (e.id === 'a' && failures-- > 0) return { ok: false, permanent: false, error: 'HTTP 503' };
        return { ok: true, value: 'ok' };
      },
    });
    s.add('a', 'b');
    await until(() => s.delivered.length === 2);
    expect(seen).toEqual(['a', 'a', 'a', 'a', 'b']);
    expect(s.retries).toEqual([5, 10, 20]);
  });

  it('dead-letters a permanent failure at once and moves on', async () => {
    const s = setup({
      deliver: async (e) =>
        e.id === 'bad' ? { ok: false, permanent: true, error: 'HTTP 400 bad request' } : { ok: true, value: 'ok' },
    });
    s.add('bad', 'good');
    await until(() => s.delivered.length === 1);
    expect(s.dead).toEqual([['bad', 'HTTP 400 bad request']]);
    expect(s.retries).toEqual([]);
    expect(s.journal.deadLetters()[0]).toMatchObject({ id: 'bad', attempts: 1 });
  });

  it('dead-letters after maxAttempts retryable failures', async () => {
    let calls = 0;
    const s = setup({
      policy: { ...fast, maxAttempts: 3 },
      deliver: async () => {
        calls++;
        return { ok: false, permanent: false, error: 'HTTP 500' };
      },
    });
    s.add('a');
    await until(() => s.dead.length === 1);
    expect(calls).toBe(3);
    expect(s.dead[0]?.[1]).toBe('HTTP 500 (gave up after 3 attempts)');
    expect(s.d.lastError).toBe('HTTP 500');
  });

  it('keeps up to `concurrency` entries in flight', async () => {
    let active = 0;
    let peak = 0;
    const s = setup({
      concurrency: 3,
      deliver: async () => {
        peak = Math.max(peak, ++active);
        await new Promise((r) => setTimeout(r, 10));
        active--;
        return { ok: true, value: 'ok' };
      },
    });
    s.add(...Array.from({ length: 10 }, (_, i) => `e${i}`));
    await until(() => s.delivered.length === 10);
    expect(peak).toBe(3);
  });

  it('stop aborts attempts in flight and leaves them pending for the next owner', async () => {
    let aborted = false;
    const s = setup({
      deliver: (_e, signal) =>
        new Promise((resolve) =>
          signal.addEventListener('abort', () => {
            aborted = true;
            resolve({ ok: true, value: 'too late' });
          }),
        ),
    });
    s.add('a');
    await until(() => s.d.active === 1);
    await s.d.stop();
    expect(aborted).toBe(true);
    expect(s.delivered).toEqual([]);
    expect(s.journal.pending().map((e) => e.id)).toEqual(['a']);
  });

  it('retryNow skips the rest of a long backoff, keeping the order', async () => {
    let up = false;
    const s = setup({
      deliver: () => Promise.resolve(up ? { ok: true, value: 'ok' } : { ok: false, permanent: false, error: 'down' }),
      policy: { maxAttempts: 0, baseDelayMs: 60_000, maxDelayMs: 60_000, jitter: false },
    });
    s.add('a', 'b');
    await until(() => s.retries.length === 1); // the head waits out a minute
    up = true;
    s.d.retryNow();
    await until(() => s.delivered.length === 2);
    expect(s.delivered).toEqual(['a', 'b']);
  });
});
