import { describe, expect, it } from 'vitest';
import { HashSlots } from './hash-slots.js';

/** A job that runs until `finish()` is called. */
function job(log: string[], name: string) {
  let finish!: () => void;
  const done = new Promise<void>((r) => (finish = r));
  return {
    finish: () => finish(),
    work: async () => {
      log.push(name);
      await done;
      return name;
    },
  };
}

const UNLIMITED = { perSecond: 1_000, burst: 1_000 };

describe('HashSlots', () => {
  it('runs one at a time, queues a bounded number and refuses the rest at once', async () => {
    const slots = new HashSlots(1, 2, 10_000, UNLIMITED);
    const log: string[] = [];
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((n) => job(log, n));
    const ra = slots.run(a!.work);
    const rb = slots.run(b!.work);
    const rc = slots.run(c!.work);
    expect(await slots.run(d!.work)).toBe('busy');
    await Promise.resolve();
    expect(log).toEqual(['a']);
    a!.finish();
    expect(await ra).toBe('a');
    b!.finish();
    c!.finish();
    expect([await rb, await rc]).toEqual(['b', 'c']);
    expect(log).toEqual(['a', 'b', 'c']);
  });

  it('puts priority attempts first and lets them push out the newest ordinary waiter', async () => {
    const slots = new HashSlots(1, 2, 10_000, UNLIMITED);
    const log: string[] = [];
    const [a, b, c, p] = ['a', 'b', 'c', 'p'].map((n) => job(log, n));
    const ra = slots.run(a!.work);
    const rb = slots.run(b!.work);
    const rc = slots.run(c!.work);
    const rp = slots.run(p!.work, true);
    expect(await rc).toBe('busy');
    for (const j of [a, b, p]) j!.finish();
    expect([await ra, await rp, await rb]).toEqual(['a', 'p', 'b']);
    expect(log).toEqual(['a', 'p', 'b']);
  });

  it('gives up on a slot after the longest wait', async () => {
    const slots = new HashSlots(1, 4, 50, UNLIMITED);
    const a = job([], 'a');
    const ra = slots.run(a.work);
    expect(await slots.run(async () => 'b')).toBe('busy');
    expect(slots.queued).toBe(0);
    a.finish();
    expect(await ra).toBe('a');
    expect(await slots.run(async () => 'c')).toBe('c');
  });

  it('lets ordinary attempts through at a bounded rate, priority ones always', async () => {
    let now = 0;
    const slots = new HashSlots(1, 16, 10_000, { perSecond: 2, burst: 4 }, () => now);
    const results = [];
    for (let i = 0; i < 6; i++) results.push(await slots.run(async () => 'ok'));
    expect(results).toEqual(['ok', 'ok', 'ok', 'ok', 'busy', 'busy']);
    expect(await slots.run(async () => 'ok', true)).toBe('ok');
    now = 500; // two per second: one more token
    expect(await slots.run(async () => 'ok')).toBe('ok');
    expect(await slots.run(async () => 'ok')).toBe('busy');
  });
});
