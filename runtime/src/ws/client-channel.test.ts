import type { EventStreamFrame, RuntimeEvent } from '@millwright/model';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ClientChannel, type FrameSink } from './client-channel.js';

const debug = (n: number): RuntimeEvent => ({
  type: 'debug',
  time: n,
  flowId: 'f',
  nodeId: 'd',
  msgId: `m${n}`,
  property: 'payload',
  value: n,
});
const debugOf = (n: number, value: unknown): RuntimeEvent => ({
  type: 'debug',
  time: n,
  flowId: 'f',
  nodeId: 'd',
  msgId: `m${n}`,
  property: 'payload',
  value,
});
const status = (n: number): RuntimeEvent => ({ type: 'status', time: n, flowId: 'f', nodeId: 's', status: null });

class FakeSink implements FrameSink {
  bufferedAmount = 0;
  frames: EventStreamFrame[] = [];
  send(data: string): void {
    this.frames.push(JSON.parse(data) as EventStreamFrame);
  }
}

const limits = { flushMs: 50, maxBatch: 500, maxPending: 1_000, highWaterBytes: 1_000 };

afterEach(() => {
  vi.useRealTimers();
});

describe('ClientChannel', () => {
  it('batches events into one frame per flush interval', () => {
    vi.useFakeTimers();
    const sink = new FakeSink();
    const channel = new ClientChannel(sink, limits);
    for (let i = 0; i < 10; i++) channel.push(debug(i));
    expect(sink.frames).toHaveLength(0);
    vi.advanceTimersByTime(50);
    expect(sink.frames).toHaveLength(1);
    expect(sink.frames[0]?.map((e) => ('time' in e ? e.time : -1))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    channel.close();
  });

  it('sends a full batch at once without waiting for the timer', () => {
    vi.useFakeTimers();
    const sink = new FakeSink();
    const channel = new ClientChannel(sink, limits);
    for (let i = 0; i < 1_200; i++) channel.push(debug(i));
    expect(sink.frames.map((f) => f.length)).toEqual([500, 500]);
    vi.advanceTimersByTime(50);
    expect(sink.frames.map((f) => f.length)).toEqual([500, 500, 200]);
    channel.close();
  });

  it('drops the oldest events while the socket is backed up and says how many', () => {
    vi.useFakeTimers();
    const sink = new FakeSink();
    const drops: number[] = [];
    const channel = new ClientChannel(sink, limits, (n) => drops.push(n));
    sink.bufferedAmount = 10_000;
    for (let i = 0; i < 5_000; i++) channel.push(debug(i));
    vi.advanceTimersByTime(500);
    expect(sink.frames).toHaveLength(0);
    sink.bufferedAmount = 0;
    vi.advanceTimersByTime(50);
    const events = sink.frames.flat();
    expect(events[0]).toEqual({ type: 'dropped', count: 4_000 });
    expect(events.slice(1).map((e) => ('time' in e ? e.time : -1))).toEqual(
      Array.from({ length: 1_000 }, (_v, i) => 4_000 + i),
    );
    expect(drops.reduce((a, b) => a + b, 0)).toBe(4_000);
    channel.close();
  });

  it('streams only the subscribed types', () => {
    vi.useFakeTimers();
    const sink = new FakeSink();
    const channel = new ClientChannel(sink, limits);
    channel.subscribe(['status']);
    channel.push(debug(1));
    channel.push(status(2));
    vi.advanceTimersByTime(50);
    expect(sink.frames).toEqual([[status(2)]]);
    expect(channel.subscription).toEqual(['status']);
    channel.close();
  });

  it('with a node filter streams only those nodes events, and events of no node (a dashboard page)', () => {
    vi.useFakeTimers();
    const sink = new FakeSink();
    const channel = new ClientChannel(sink, limits);
    const deploy: RuntimeEvent = { type: 'deploy', time: 3, revision: 'r', mode: 'full' };
    channel.push(debug(0)); // pending before the subscribe: filtered too
    channel.subscribe(['status', 'debug', 'deploy'], ['s']);
    channel.push(debug(1));
    channel.push(status(2));
    channel.push(deploy);
    vi.advanceTimersByTime(50);
    expect(sink.frames).toEqual([[status(2), deploy]]);
    channel.close();
  });

  it('sends nothing after close', () => {
    vi.useFakeTimers();
    const sink = new FakeSink();
    const channel = new ClientChannel(sink, limits);
    channel.push(debug(1));
    channel.close();
    channel.push(debug(2));
    vi.advanceTimersByTime(100);
    expect(sink.frames).toEqual([]);
  });

  it('holds at most maxPendingBytes for a client that does not read, dropping the oldest', () => {
    vi.useFakeTimers();
    const sink = new FakeSink();
    const drops: number[] = [];
    const channel = new ClientChannel(sink, { maxPendingBytes: 100_000, maxFrameBytes: 64_000 }, (n) => drops.push(n));
    sink.bufferedAmount = 10 * 1024 * 1024; // the client stopped reading
    const big = (n: number): RuntimeEvent => debugOf(n, 'v'.repeat(10_000));
    for (let i = 0; i < 1_000; i++) channel.push(big(i));
    const kept = 1_000 - drops.reduce((a, b) => a + b, 0);
    expect(kept * 10_000).toBeLessThanOrEqual(100_000);
    expect(kept).toBeGreaterThan(5);
    // What was dropped is let go of, not only counted.
    expect((channel as unknown as { pending: unknown[] }).pending.length).toBeLessThanOrEqual(2 * kept);
    sink.bufferedAmount = 0;
    vi.advanceTimersByTime(50);
    const events = sink.frames.flat();
    expect(events[0]).toEqual({ type: 'dropped', count: 1_000 - kept });
    expect(events.at(-1)).toMatchObject({ time: 999 });
    channel.close();
  });

  it('keeps every frame within maxFrameBytes and shrinks an event larger than a frame', () => {
    vi.useFakeTimers();
    const sink = new FakeSink();
    const sizes: number[] = [];
    const measured: FrameSink = {
      bufferedAmount: 0,
      send: (data) => {
        sizes.push(data.length);
        sink.send(data);
      },
    };
    const channel = new ClientChannel(measured, { maxFrameBytes: 20_000 });
    for (let i = 0; i < 10; i++) channel.push(debugOf(i, 'v'.repeat(5_000)));
    channel.push(debugOf(10, 'w'.repeat(1_000_000)));
    vi.advanceTimersByTime(50);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(20_000);
    expect(sizes.length).toBeGreaterThan(2);
    const last = sink.frames.flat().at(-1);
    expect(last).toMatchObject({ time: 10, truncated: true, value: expect.stringMatching(/^\[not shown: \d+ bytes/) });
    channel.close();
  });
});
