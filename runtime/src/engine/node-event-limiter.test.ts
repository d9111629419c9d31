import type { RuntimeEvent } from '@millwright/model';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FLOW_LIMITS } from './flow-limits.js';
import { NodeEventLimiter } from './node-event-limiter.js';

const log = (nodeId: string, message: string): RuntimeEvent => ({
  type: 'log',
  time: 0,
  level: 'warn',
  flowId: 'f',
  nodeId,
  message,
});

describe('NodeEventLimiter', () => {
  it("passes a node's events up to the rate per kind and second, then reports what it dropped", () => {
    let now = 10_000;
    const out: RuntimeEvent[] = [];
    const limiter = new NodeEventLimiter(
      'f',
      (e) => out.push(e),
      { ...DEFAULT_FLOW_LIMITS, eventsPerSecond: 5, logChars: 100 },
      () => now,
    );
    for (let i = 0; i < 50; i++) limiter.send(log('a', `line ${i}`));
    for (let i = 0; i < 8; i++)
      limiter.send({ type: 'status', time: 0, flowId: 'f', nodeId: 'a', status: { text: `s${i}` } });
    limiter.send(log('b', 'another node has its own budget'));
    limiter.send({ type: 'flow-state', time: 0, flowId: 'f', state: 'running' }); // not a node's output
    expect(out).toHaveLength(5 + 5 + 1 + 1);
    now += 1_000; // next window
    limiter.send(log('a', 'again'));
    limiter.close();
    const notice = out.find((e) => e.type === 'log' && e.limited);
    expect(notice).toMatchObject({
      level: 'warn',
      nodeId: 'a',
      limited: { dropped: { log: 45, status: 3 }, truncated: 0 },
      message: expect.stringContaining(
        'dropped 45 log, 3 status event(s) (per node and second: 5 log, status, error events',
      ),
    });
    expect(out.filter((e) => e.type === 'log' && e.message === 'again')).toHaveLength(1);
    // The badge ends with the newest status, though it came over the limit.
    expect(out.filter((e) => e.type === 'status').at(-1)).toMatchObject({ status: { text: 's7' } });
  });

  it('cuts long log, error and status text with a marker and counts it', () => {
    const out: RuntimeEvent[] = [];
    const limiter = new NodeEventLimiter('f', (e) => out.push(e), { ...DEFAULT_FLOW_LIMITS, logChars: 256 });
    limiter.send(log('a', 'x'.repeat(4_000_000)));
    limiter.send({
      type: 'error',
      time: 0,
      flowId: 'f',
      nodeId: 'a',
      caught: false,
      error: { name: 'Error', code: 'c', message: 'y'.repeat(1_000), kind: 'user', retryable: false },
    });
    limiter.send({ type: 'status', time: 0, flowId: 'f', nodeId: 'a', status: { text: 'z'.repeat(300) } });
    limiter.close();
    const [line, error, status, notice] = out;
    expect(line).toMatchObject({ message: `${'x'.repeat(256)}… [truncated 3999744 chars]` });
    expect(error?.type === 'error' && error.error.message.length).toBeLessThan(300);
    expect(status?.type === 'status' && status.status?.text).toMatch(/\[truncated 44 chars]$/);
    expect(notice).toMatchObject({ limited: { dropped: {}, truncated: 3 } });
  });

  it('limits debug events by count and by the bytes of their values, apart from logs', () => {
    let now = 5_000;
    const out: RuntimeEvent[] = [];
    const limiter = new NodeEventLimiter(
      'f',
      (e) => out.push(e),
      { ...DEFAULT_FLOW_LIMITS, eventsPerSecond: 1, debugPerSecond: 300, debugBytesPerSecond: 50_000 },
      () => now,
    );
    const debug = (value: unknown): RuntimeEvent => ({
      type: 'debug',
      time: 0,
      flowId: 'f',
      nodeId: 'd',
      msgId: 'm',
      property: 'payload',
      value,
    });
    for (let i = 0; i < 400; i++) limiter.send(debug(i)); // small: the count limit applies
    expect(out).toHaveLength(300);
    now += 1_000;
    for (let i = 0; i < 10; i++) limiter.send(debug({ text: 'x'.repeat(10_000) })); // large: the bytes
    limiter.close();
    expect(out.filter((e) => e.type === 'debug')).toHaveLength(304);
    // 100 over the count, then 6 of the ten 10 kB values over the bytes (the notice comes once a second).
    expect(out.filter((e) => e.type === 'log').map((e) => e.type === 'log' && e.limited?.dropped)).toEqual([
      { debug: 106 },
    ]);
  });
});
