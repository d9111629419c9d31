import { testNode } from '@millwright/sdk';
import { afterEach, describe, expect, it, vi } from 'vitest';
import inject from './index.js';

type Harness = Awaited<ReturnType<typeof testNode>>;
let h: Harness | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await h?.stop();
  h = undefined;
});
const start = async (config: Record<string, unknown>, env?: Record<string, string>) => {
  h = await testNode(inject, { config, ...(env ? { env } : {}) });
  return h;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('inject node', () => {
  it('injects a timestamp by default, with a fresh id and no topic', async () => {
    const h = await start({});
    const before = Date.now();
    await h.trigger(h.nodeId);
    await h.trigger(h.nodeId);
    const [a, b] = await h.next(2);
    expect(a?.payload).toBeGreaterThanOrEqual(before);
    expect(a?.payload).toBeLessThanOrEqual(Date.now());
    expect(a && 'topic' in a).toBe(false);
    expect(a?.id).not.toBe(b?.id);
  });

  it.each([
    ['string', 'hello', 'hello'],
    ['number', '-3.5', -3.5],
    ['boolean', 'true', true],
    ['json', '{"cmd":"start","speed":[1,2]}', { cmd: 'start', speed: [1, 2] }],
    ['env', 'LINE', 'L7'],
  ])('injects a %s payload', async (payloadType, payload, expected) => {
    const h = await start({ payloadType, payload, topic: 'plc/cmd' }, { LINE: 'L7' });
    await h.trigger(h.nodeId);
    const [msg] = await h.next();
    expect(msg).toMatchObject({ payload: expected, topic: 'plc/cmd' });
  });

  it('leaves the payload unset for empty and sets extra properties', async () => {
    const h = await start({
      payloadType: 'empty',
      props: [
        { property: 'meta.line', value: 'L2' },
        { property: 'priority', valueType: 'number', value: '3' },
        { property: 'at', valueType: 'timestamp' },
      ],
    });
    await h.trigger(h.nodeId);
    const [msg] = await h.next();
    expect(msg && 'payload' in msg).toBe(false);
    expect(msg).toMatchObject({ meta: { line: 'L2' }, priority: 3, at: expect.any(Number) });
  });

  it('fires once at start after onceDelayMs and not again', async () => {
    const t0 = Date.now();
    const h = await start({ once: true, onceDelayMs: 30, payloadType: 'string', payload: 'boot' });
    const [msg] = await h.next(1);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(25);
    expect(msg?.payload).toBe('boot');
    await sleep(60);
    expect(h.outputs(h.nodeId)).toHaveLength(1);
  });

  it('repeats on an interval and stops when closed', async () => {
    const h = await start({ repeat: 'interval', intervalMs: 15, payloadType: 'number', payload: '1' });
    await h.next(3, { timeoutMs: 1_000 });
    await h.stop();
    const count = h.outputs(h.nodeId).length;
    await sleep(50);
    expect(h.outputs(h.nodeId)).toHaveLength(count);
  });

  it('starts the interval after the start-up injection', async () => {
    const t0 = Date.now();
    const h = await start({ once: true, onceDelayMs: 60, repeat: 'interval', intervalMs: 20 });
    await h.next(1, { timeoutMs: 1_000 });
    // Had the interval begun at deploy, a message would have come at about 20 ms.
    expect(Date.now() - t0).toBeGreaterThanOrEqual(55);
    await h.next(3, { timeoutMs: 1_000 });
  });

  it('fires on a cron schedule with seconds', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: new Date(2025, 0, 1, 8, 0, 0, 500) });
    const h = await start({ repeat: 'cron', cron: '*/2 * * * * *', payloadType: 'string', payload: 'tick' });
    await vi.advanceTimersByTimeAsync(5_000); // 08:00:02 and :04 (and :00 is already past)
    vi.useRealTimers();
    const outs = await h.next(2);
    await h.idle();
    expect(h.outputs(h.nodeId)).toHaveLength(2);
    expect(outs.map((m) => m.payload)).toEqual(['tick', 'tick']);
  });

  it('emits a burst with fresh ids, per-message timestamps and burstIndex', async () => {
    const h = await start({ burst: 3 });
    await h.trigger(h.nodeId);
    const outs = await h.next(3);
    expect(outs.map((m) => m['burstIndex'])).toEqual([0, 1, 2]);
    expect(new Set(outs.map((m) => m.id)).size).toBe(3);
    for (const m of outs) expect(typeof m.payload).toBe('number');
  });

  it('emits a large burst in chunks, in order; the trigger answers once the first chunk is out', async () => {
    const h = await start({ burst: 25_000, payloadType: 'number', payload: '7' });
    await h.trigger(h.nodeId);
    expect(h.outputs(h.nodeId)).toHaveLength(10_000);
    const outs = await h.waitForOutputs(h.nodeId, 25_000);
    expect(outs).toHaveLength(25_000);
    expect(outs[24_999]).toMatchObject({ payload: 7, burstIndex: 24_999 });
    expect(outs.every((m, i) => m['burstIndex'] === i)).toBe(true);
  });

  it('adds no burstIndex when burst is 1', async () => {
    const h = await start({ burst: 1 });
    await h.trigger(h.nodeId);
    const [msg] = await h.next();
    expect(msg && 'burstIndex' in msg).toBe(false);
  });
});

describe('inject config', () => {
  const issues = (config: unknown) => inject.config.safeParse(config).error?.issues.map((i) => [i.path, i.message]);

  it('parses {} to an idle timestamp injector', () => {
    expect(inject.config.parse({})).toMatchObject({
      payloadType: 'timestamp',
      once: false,
      repeat: 'none',
      burst: 1,
      props: [],
    });
  });

  it('validates cron expressions with a clear message', () => {
    expect(issues({ repeat: 'cron', cron: '61 * * * * *' })).toEqual([
      [
        ['cron'],
        expect.stringMatching(/^invalid cron expression "61 \* \* \* \* \*": Invalid value for second: 61\. Use/),
      ],
    ]);
    expect(issues({ repeat: 'cron', cron: 'every minute' })?.[0]?.[1]).toMatch(/exactly five, six/);
    expect(issues({ repeat: 'cron' })).toEqual([[['cron'], 'a cron expression is required when repeat is "cron"']]);
    expect(issues({ repeat: 'cron', cron: '0 6 * * 1-5' })).toBeUndefined();
    expect(issues({ repeat: 'none', cron: 'nonsense' })).toBeUndefined(); // only checked when used
  });

  it('bounds intervalMs and burst', () => {
    expect(issues({ repeat: 'interval', intervalMs: 5 })?.[0]?.[0]).toEqual(['intervalMs']);
    expect(issues({ burst: 0 })?.[0]?.[0]).toEqual(['burst']);
    expect(issues({ burst: 1_000_001 })?.[0]?.[0]).toEqual(['burst']);
    expect(issues({ burst: 2.5 })?.[0]?.[0]).toEqual(['burst']);
  });

  it('checks literals against their type, at the right path', () => {
    expect(issues({ payloadType: 'number', payload: 'abc' })).toEqual([[['payload'], '"abc" is not a number']]);
    expect(issues({ payloadType: 'json', payload: '{' })?.[0]?.[0]).toEqual(['payload']);
    expect(issues({ props: [{ property: 'x', valueType: 'boolean', value: 'yes' }] })?.[0]?.[0]).toEqual([
      'props',
      0,
      'value',
    ]);
    expect(issues({ props: [{ property: 'id', value: 'x' }] })?.[0]).toEqual([
      ['props', 0, 'property'],
      'the message id is assigned by the engine',
    ]);
  });
});
