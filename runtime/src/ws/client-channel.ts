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
  /** Bytes of pending events kept for a slow client (`limits.wsClientBufferBytes`); beyond this the oldest are dropped. */
  maxPendingBytes: number;
  /** Largest frame sent (`limits.wsFrameBytes`); a larger single event is sent shrunk (see `shrinkEvent`). */
  maxFrameBytes: number;
  /** Hold frames back while the socket has more than this many bytes unsent. */
  highWaterBytes: number;
}

export const DEFAULT_CHANNEL_LIMITS: ChannelLimits = {
  flushMs: 50,
  maxBatch: 500,
  maxPending: 5_000,
  maxPendingBytes: 8 * 1024 * 1024,
  maxFrameBytes: 1024 * 1024,
  highWaterBytes: 1024 * 1024,
};

/** An event as it waits: its type (for subscriptions) and its JSON, serialized once for every client. */
interface Pending {
  type: RuntimeEventType;
  nodeId: string | undefined;
  json: string;
}

/**
 * One client's outgoing event queue. Events are batched into JSON-array frames so a debug burst
 * of 100k msgs/s becomes ~20 frames/s. While the socket is backed up, events queue up to
 * `maxPending` events and `maxPendingBytes`; older ones are dropped and the next frame starts with
 * `{ type: 'dropped', count }`. A client therefore costs at most `maxPendingBytes` plus
 * `highWaterBytes` plus one frame (`maxFrameBytes`), however slowly it reads.
 */
export class ClientChannel {
  private pending: Pending[] = [];
  /** Index of the first pending event not yet sent or dropped (shifting a long array is slow). */
  private head = 0;
  private pendingBytes = 0;
  private dropped = 0;
  private timer: NodeJS.Timeout | undefined;
  private types: Set<RuntimeEventType> | null = null;
  /** With a node filter (a dashboard page's widgets), only events of these nodes, and events of no node. */
  private nodes: Set<string> | null = null;
  private closed = false;
  private readonly limits: ChannelLimits;

  constructor(
    private readonly sink: FrameSink,
    limits: Partial<ChannelLimits> = DEFAULT_CHANNEL_LIMITS,
    /** Called with the number of events dropped, for metrics. */
    private readonly onDrop: (count: number) => void = () => undefined,
  ) {
    this.limits = { ...DEFAULT_CHANNEL_LIMITS, ...limits };
  }

  /** Streams only these types (`null`: all) of these nodes (`null`, the default: every node) from now on. */
  subscribe(types: RuntimeEventType[] | null, nodes: readonly string[] | null = null): void {
    this.types = types ? new Set(types) : null;
    this.nodes = nodes ? new Set(nodes) : null;
    this.pending = this.pending.slice(this.head).filter((e) => this.wants(e.type, e.nodeId));
    this.head = 0;
    this.pendingBytes = this.pending.reduce((n, e) => n + e.json.length, 0);
  }

  get subscription(): RuntimeEventType[] | null {
    return this.types ? [...this.types] : null;
  }

  /** Queues an event; `json` is its serialized form when the caller has it (shared by all clients). */
  push(event: RuntimeEvent, json?: string): void {
    const nodeId = 'nodeId' in event ? event.nodeId : undefined;
    if (this.closed || !this.wants(event.type, nodeId)) return;
    let text = json ?? JSON.stringify(event);
    // 1 KiB of room for the frame's brackets and a dropped notice.
    if (text.length > this.limits.maxFrameBytes - 1_024) text = JSON.stringify(shrinkEvent(event, text.length));
    this.pending.push({ type: event.type, nodeId, json: text });
    this.pendingBytes += text.length;
    let excess = 0;
    while (
      this.pending.length - this.head > this.limits.maxPending ||
      (this.pendingBytes > this.limits.maxPendingBytes && this.pending.length - this.head > 1)
    ) {
      this.pendingBytes -= this.pending[this.head]!.json.length;
      this.head++;
      excess++;
    }
    if (excess) {
      this.compact();
      this.dropped += excess;
      this.onDrop(excess);
    }
    if (this.pending.length - this.head >= this.limits.maxBatch) this.flush();
    else this.schedule();
  }

  /** Sends pending events now (in frames of at most `maxBatch` events and `maxFrameBytes`), unless the socket is backed up. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.closed) return;
    while (this.pending.length > this.head || this.dropped) {
      if (this.sink.bufferedAmount > this.limits.highWaterBytes) {
        this.compact();
        this.schedule(); // try again once the socket drained a little
        return;
      }
      const parts: string[] = [];
      if (this.dropped) parts.push(JSON.stringify({ type: 'dropped', count: this.dropped }));
      this.dropped = 0;
      let size = 2 + (parts[0]?.length ?? 0);
      while (this.head < this.pending.length && parts.length < this.limits.maxBatch) {
        const next = this.pending[this.head]!.json;
        if (parts.length && size + next.length + 1 > this.limits.maxFrameBytes) break;
        parts.push(next);
        size += next.length + 1;
        this.pendingBytes -= next.length;
        this.head++;
      }
      this.sink.send(`[${parts.join(',')}]`);
    }
    this.pending = [];
    this.head = 0;
    this.pendingBytes = 0;
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
    this.head = 0;
    this.pendingBytes = 0;
  }

  private wants(type: RuntimeEventType, nodeId: string | undefined): boolean {
    if (this.types !== null && !this.types.has(type)) return false;
    return this.nodes === null || nodeId === undefined || this.nodes.has(nodeId);
  }

  /** Lets go of the sent or dropped events at the front once they are half the array (amortized O(1)). */
  private compact(): void {
    if (this.head > 0 && this.head * 2 >= this.pending.length) {
      this.pending = this.pending.slice(this.head);
      this.head = 0;
    }
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => this.flush(), this.limits.flushMs);
  }
}

/**
 * An event too large for one frame, with its bulky part replaced by a note of its size: a debug
 * value, a log line, an error message, a status text; other kinds are small by construction.
 */
export function shrinkEvent(event: RuntimeEvent, bytes: number): RuntimeEvent {
  const note = `[not shown: ${bytes} bytes, over the websocket frame limit]`;
  switch (event.type) {
    case 'debug':
      return { ...event, value: note, truncated: true };
    case 'log':
      return { ...event, message: `${event.message.slice(0, 1_000)}… ${note}` };
    case 'error':
      return {
        ...event,
        error: { ...event.error, message: `${event.error.message.slice(0, 1_000)}… ${note}`, stack: undefined },
      };
    case 'status':
      return { ...event, status: { ...event.status, text: note } };
    default:
      // Charts, connection and lifecycle events are small by construction.
      return event;
  }
}
