import type { EventStreamFrame, RuntimeEvent, RuntimeEventType } from '@millwright/model';

/** The part of a `ws` socket a channel needs; lets tests drive a channel without a network. */
export interface FrameSink {
  readonly bufferedAmount: number;
  send(data: string): void;
}

export interface ChannelLimits {
  /** Flush pending events this long after the first one arrives (ms). */
  flushMs: number;
  /** Flush at once when this many events are pending; also the max events per frame. */
  maxBatch: number;
  /** Pending events kept for a slow client; beyond this the oldest are dropped. */
  maxPending: number;
  /** Hold frames back while the socket has more than this many bytes unsent. */
  highWaterBytes: number;
}

export const DEFAULT_CHANNEL_LIMITS: ChannelLimits = {
  flushMs: 50,
  maxBatch: 500,
  maxPending: 5_000,
  highWaterBytes: 1024 * 1024,
};

/**
 * One client's outgoing event queue. Events are batched into JSON-array frames so a debug burst
 * of 100k msgs/s becomes ~20 frames/s. While the socket is backed up, events queue up to
 * `maxPending`; older ones are dropped and the next frame starts with `{ type: 'dropped', count }`.
 */
export class ClientChannel {
  private pending: RuntimeEvent[] = [];
  private dropped = 0;
  private timer: NodeJS.Timeout | undefined;
  private types: Set<RuntimeEventType> | null = null;
  private closed = false;

  constructor(
    private readonly sink: FrameSink,
    private readonly limits: ChannelLimits = DEFAULT_CHANNEL_LIMITS,
    /** Called with the number of events dropped, for metrics. */
    private readonly onDrop: (count: number) => void = () => undefined,
  ) {}

  /** Streams only these types from now on; `null` streams all. */
  subscribe(types: RuntimeEventType[] | null): void {
    this.types = types ? new Set(types) : null;
    this.pending = this.pending.filter((e) => this.wants(e));
  }

  get subscription(): RuntimeEventType[] | null {
    return this.types ? [...this.types] : null;
  }

  push(event: RuntimeEvent): void {
    if (this.closed || !this.wants(event)) return;
    this.pending.push(event);
    if (this.pending.length > this.limits.maxPending) {
      const excess = this.pending.length - this.limits.maxPending;
      this.pending.splice(0, excess);
      this.dropped += excess;
      this.onDrop(excess);
    }
    if (this.pending.length >= this.limits.maxBatch) this.flush();
    else this.schedule();
  }

  /** Sends pending events now (in frames of at most `maxBatch`), unless the socket is backed up. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.closed) return;
    while (this.pending.length || this.dropped) {
      if (this.sink.bufferedAmount > this.limits.highWaterBytes) {
        this.schedule(); // try again once the socket drained a little
        return;
      }
      const frame: EventStreamFrame = this.pending.splice(0, this.limits.maxBatch);
      if (this.dropped) frame.unshift({ type: 'dropped', count: this.dropped });
      this.dropped = 0;
      this.sink.send(JSON.stringify(frame));
    }
  }

  /** Sends a control frame (subscribe confirmation) right after flushing what the socket accepts. */
  sendNow(frame: EventStreamFrame): void {
    this.flush();
    if (!this.closed) this.sink.send(JSON.stringify(frame));
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.pending = [];
  }

  private wants(e: RuntimeEvent): boolean {
    return this.types === null || this.types.has(e.type);
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => this.flush(), this.limits.flushMs);
  }
}
