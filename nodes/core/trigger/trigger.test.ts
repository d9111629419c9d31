import { MemoryContextStore, testNode } from '@millwright/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import trigger from './index.js';

type Harness = Awaited<ReturnType<typeof testNode>>;
let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});
const run = async (config: Record<string, unknown>, globalContext?: MemoryContextStore) =>
  (h = await testNode(trigger, { config, ...(globalContext ? { globalContext } : {}) }));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const payloads = (h: Harness, port = 0) => h.outputs(h.nodeId, port).map((m) => m.payload);

describe('trigger node', () => {
  it('sends "1" at once and "0" after the wait, ignoring messages meanwhile (Node-RED defaults)', async () => {
    const h = await run({ durationMs: 40 });
    const t0 = Date.now();
    h.input({ payload: 'go', topic: 'pump' });
    h.input({ payload: 'ignored' });
    const outs = await h.next(2);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(38);
    expect(outs.map((m) => [m.payload, m['topic']])).toEqual([
      ['1', 'pump'],
      ['0', 'pump'],
    ]);
    expect(outs[0]?.id).not.toBe(outs[1]?.id);
  });

  it('extends the wait while messages keep coming (watchdog) and sends the second on output 2', async () => {
    const h = await run({
      durationMs: 150, // each gap below is 25 ms: a wide margin on a loaded machine
      extend: true,
      sendType: 'nothing',
      secondType: 'json',
      secondValue: '{"alarm":"no data"}',
      outputs: 2,
    });
    for (let i = 0; i < 4; i++) {
      h.input({ payload: i });
      await sleep(25);
    }
    expect(h.outputs(h.nodeId, 1)).toHaveLength(0);
    const [alarm] = await h.next(1, { port: 1 });
    expect(alarm?.payload).toEqual({ alarm: 'no data' });
    expect(payloads(h)).toEqual([]);
  });

  it('sends the original or the latest message after the wait, and renders mustache in a string', async () => {
    const h = await run({ durationMs: 30, sendValue: 'started {{payload}}', secondType: 'latest' });
    h.input({ payload: 'a' });
    h.input({ payload: 'b' });
    await h.next(2);
    expect(payloads(h)).toEqual(['started a', 'b']);
    await h.stop();
    const o = await run({ durationMs: 20, sendType: 'number', sendValue: '5', secondType: 'original' });
    o.input({ payload: 'orig' });
    expect((await o.next(2)).map((m) => m.payload)).toEqual([5, 'orig']);
  });

  it('msg.reset and the reset payload cancel the wait; waitForReset blocks until then', async () => {
    const h = await run({ durationMs: 30, resetPayload: 'stop' });
    h.input({ payload: 'x' });
    h.input({ payload: 'stop' });
    await sleep(50);
    expect(payloads(h)).toEqual(['1']);
    await h.stop();
    const w = await run({ then: 'waitForReset', sendType: 'original' });
    w.input({ payload: 'a' });
    w.input({ payload: 'b' });
    w.input({ reset: true });
    w.input({ payload: 'c' });
    await w.idle();
    expect(payloads(w)).toEqual(['a', 'c']);
    expect(w.statuses(w.nodeId).at(-1)?.status).toEqual({ fill: 'blue', shape: 'dot' });
  });

  it('resends until reset, and times each topic on its own', async () => {
    const h = await run({ then: 'resend', durationMs: 20, sendType: 'original' });
    h.input({ payload: 'beat' });
    await h.next(3);
    h.input({ reset: true });
    await h.idle();
    const n = payloads(h).length;
    await sleep(50);
    expect(payloads(h)).toHaveLength(n);
    expect(new Set(payloads(h))).toEqual(new Set(['beat']));
    await h.stop();
    const t = await run({
      byTopic: true,
      durationMs: 30,
      sendType: 'original',
      secondType: 'string',
      secondValue: 'off',
    });
    t.input({ topic: 'a', payload: 'on' });
    t.input({ topic: 'b', payload: 'on' });
    t.input({ topic: 'a', payload: 'ignored' });
    const outs = await t.next(4);
    expect(outs.map((m) => `${String(m['topic'])}:${String(m.payload)}`)).toEqual(['a:on', 'b:on', 'a:off', 'b:off']);
  });

  it('takes msg.delay when allowed, and reads the second value from context when it is sent', async () => {
    const global = new MemoryContextStore();
    global.set('state', 'idle');
    const h = await run({ durationMs: 5_000, overrideDelay: true, secondType: 'global', secondValue: 'state' }, global);
    h.input({ payload: 1, delay: 30 });
    global.set('state', 'done');
    const [, second] = await h.next(2);
    expect(second?.payload).toBe('done');
  });

  it('refuses more topics than maxTopics with trigger_too_many_topics, and bad literals in the config', async () => {
    const h = await run({ byTopic: true, maxTopics: 1, durationMs: 1_000 });
    h.input({ topic: 'a', payload: 1 });
    h.input({ topic: 'b', payload: 1 });
    await h.idle();
    expect(h.errors().map((e) => e.error.code)).toEqual(['trigger_too_many_topics']);
    h.input({ reset: true, topic: 'a' });
    expect(trigger.config.safeParse({ sendType: 'number', sendValue: 'ten' }).error?.issues[0]?.path).toEqual([
      'sendValue',
    ]);
  });
});
