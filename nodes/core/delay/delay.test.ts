import { testNode } from '@millwright/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import delay from './index.js';

type Harness = Awaited<ReturnType<typeof testNode>>;
let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts the node; `sendAll(n)` sends payloads 0..n-1 and `since()` is the time since then. */
async function start(config: Record<string, unknown>) {
  const harness = (h = await testNode(delay, { config }));
  let t0 = 0;
  return {
    h: harness,
    sendAll(n: number) {
      t0 = Date.now();
      for (let i = 0; i < n; i++) harness.input({ payload: i });
    },
    collect: (n: number) => harness.next(n, { timeoutMs: 2_000 }),
    since: () => Date.now() - t0,
  };
}

describe('delay node, delay mode', () => {
  it('holds every message for delayMs and keeps order', async () => {
    const t = await start({ delayMs: 40 });
    t.sendAll(3);
    const [first] = await t.collect(1);
    expect(t.since()).toBeGreaterThanOrEqual(38);
    const outs = await t.collect(3);
    expect(outs[0]).toEqual(first);
    expect(t.since()).toBeGreaterThanOrEqual(38);
    expect(outs.map((m) => m.payload)).toEqual([0, 1, 2]);
  });

  it('keeps order with random delays', async () => {
    const t = await start({ delayType: 'random', randomMinMs: 0, randomMaxMs: 40 });
    t.sendAll(30);
    const outs = await t.collect(30);
    expect(outs.map((m) => m.payload)).toEqual(Array.from({ length: 30 }, (_, i) => i));
  });

  it('delays by msg.delay (delayMs when missing or not a number), a shorter delay overtaking a longer one', async () => {
    const t = await start({ delayType: 'message', delayMs: 30, maxQueue: 3 });
    t.h.input({ payload: 'long', delay: 120 });
    t.h.input({ payload: 'short', delay: '10' });
    t.h.input({ payload: 'default', delay: 'soon' });
    t.h.input({ payload: 'too many', delay: 1 });
    const err = await t.h.waitForEvent((e) => e.type === 'error');
    expect(err).toMatchObject({ error: { code: 'delay_queue_full' } });
    const outs = await t.collect(3);
    expect(outs.map((m) => m.payload)).toEqual(['short', 'default', 'long']);
  });

  it('raises delay_queue_full with the message when maxQueue is reached', async () => {
    const t = await start({ delayMs: 20, maxQueue: 2 });
    t.sendAll(3);
    const err = await t.h.waitForEvent((e) => e.type === 'error');
    expect(err).toMatchObject({ error: { code: 'delay_queue_full', kind: 'operational' }, msgId: expect.any(String) });
    const outs = await t.collect(2);
    expect(outs.map((m) => m.payload)).toEqual([0, 1]);
  });

  it('delivers waiting messages that fall due while the flow stops', async () => {
    const t = await start({ delayMs: 30 });
    t.sendAll(4);
    await t.h.idle();
    await t.h.stop();
    expect(t.h.outputs(t.h.nodeId).map((m) => m.payload)).toEqual([0, 1, 2, 3]);
  });

  it('drops messages still waiting after the stop drain with a log line, and sends nothing afterwards', async () => {
    const t = await start({ delayMs: 5_000 });
    t.sendAll(4);
    await t.h.idle();
    await t.h.stop();
    expect(t.h.logs().map((l) => [l.level, l.message])).toContainEqual([
      'warn',
      'dropped 4 waiting message(s) on close',
    ]);
    await sleep(50);
    expect(t.h.outputs(t.h.nodeId)).toHaveLength(0);
  });
});

describe('delay node, rate mode', () => {
  it('queues messages over the rate and releases them per window, in order', async () => {
    const t = await start({ mode: 'rate', rate: 2, periodMs: 50 });
    t.sendAll(5);
    await t.h.idle();
    const early = t.h.outputs(t.h.nodeId).map((m) => m.payload);
    expect(early).toEqual([0, 1]);
    const outs = await t.collect(5);
    expect(t.since()).toBeGreaterThanOrEqual(95); // third window starts 100 ms after the first
    expect(outs.map((m) => m.payload)).toEqual([0, 1, 2, 3, 4]);
  });

  it('never lets more than `rate` messages through in any window', async () => {
    const t = await start({ mode: 'rate', rate: 3, periodMs: 40 });
    const sentAt: number[] = [];
    t.sendAll(9);
    for (let i = 1; i <= 9; i++) {
      await t.collect(i);
      sentAt.push(Date.now());
    }
    for (let i = 3; i < sentAt.length; i++)
      expect((sentAt[i] as number) - (sentAt[i - 3] as number)).toBeGreaterThanOrEqual(38);
  });

  it('drops messages over the rate in drop mode', async () => {
    const t = await start({ mode: 'rate', rate: 2, periodMs: 50, rateAction: 'drop' });
    t.sendAll(5);
    await t.h.idle();
    await sleep(60);
    t.h.input({ payload: 'later' });
    await t.h.idle();
    expect(t.h.outputs(t.h.nodeId).map((m) => m.payload)).toEqual([0, 1, 'later']);
    expect(t.h.errors()).toEqual([]);
  });

  it('raises delay_queue_full when the rate queue is full', async () => {
    const t = await start({ mode: 'rate', rate: 1, periodMs: 30, maxQueue: 2 });
    t.sendAll(4); // 1 passes, 2 queue, 1 overflows
    await t.h.idle();
    expect(t.h.errors().map((e) => e.error.code)).toEqual(['delay_queue_full']);
    const outs = await t.collect(3);
    expect(outs.map((m) => m.payload)).toEqual([0, 1, 2]);
  });
});

describe('delay config', () => {
  const issues = (config: unknown) => delay.config.safeParse(config).error?.issues.map((i) => [i.path, i.message]);

  it('parses {} as a 1 s fixed delay', () => {
    expect(delay.config.parse({})).toMatchObject({
      mode: 'delay',
      delayType: 'fixed',
      delayMs: 1000,
      maxQueue: 10_000,
    });
  });

  it('reports bad values at their path', () => {
    expect(issues({ delayType: 'random', randomMinMs: 50, randomMaxMs: 10 })).toEqual([
      [['randomMaxMs'], 'must be at least randomMinMs (50)'],
    ]);
    expect(issues({ mode: 'rate', rate: 0 })?.[0]?.[0]).toEqual(['rate']);
    expect(issues({ delayMs: -1 })?.[0]?.[0]).toEqual(['delayMs']);
    expect(issues({ delayMs: 2 ** 31 })?.[0]?.[0]).toEqual(['delayMs']);
    expect(issues({ mode: 'rate', rateAction: 'skip' })?.[0]?.[0]).toEqual(['rateAction']);
  });
});

describe('delay node, topic mode', () => {
  it('keeps the latest message per topic and releases one topic per tick, or all of them', async () => {
    const t = await start({ mode: 'topic', rate: 1, periodMs: 40 });
    for (const [topic, payload] of [
      ['a', 1],
      ['b', 1],
      ['a', 2],
      ['c', 1],
      ['b', 2],
    ] as const)
      t.h.input({ topic, payload });
    const outs = await t.collect(3);
    expect(outs.map((m) => `${m.topic}${String(m.payload)}`)).toEqual(['a2', 'b2', 'c1']);
    expect(t.h.outputs(t.h.nodeId)).toHaveLength(3);
    await t.h.stop();
    const all = await start({ mode: 'topic', topicRelease: 'all', rate: 1, periodMs: 40 });
    all.sendAll(3); // no topic: one shared "_none_" topic, the latest wins
    all.h.input({ topic: 'x', payload: 'x' });
    const both = await all.collect(2);
    expect(both.map((m) => m.payload)).toEqual([2, 'x']);
  });
});
