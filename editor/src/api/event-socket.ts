import type { EventStreamFrame, SubscribeRequest } from '@millwright/model';
import { isFrame } from './guards.js';

export type SocketState = 'connecting' | 'open' | 'closed';

/**
 * Keeps a websocket to `/api/events` open, reconnecting with backoff (0.5 s doubling to 5 s).
 * Browsers cannot send headers on a websocket, so the token travels as `?token=`.
 */
export class EventSocket {
  private ws: WebSocket | undefined;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private delay = 500;
  private closed = false;

  constructor(
    private readonly options: {
      token?: string | undefined;
      onFrame: (frame: EventStreamFrame) => void;
      onState: (state: SocketState) => void;
      url?: string;
      /** Sent on every (re)connect: stream only these types and nodes (a dashboard page). */
      subscribe?: SubscribeRequest;
      /** Longest wait between reconnect attempts (default 5 s); a wall screen retries sooner. */
      maxDelayMs?: number;
    },
  ) {}

  open(): void {
    this.closed = false;
    this.connect();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retry);
    this.ws?.close();
    this.ws = undefined;
  }

  private connect(): void {
    const url = new URL(this.options.url ?? '/api/events', window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    if (this.options.token) url.searchParams.set('token', this.options.token);
    this.options.onState('connecting');
    const ws = new WebSocket(url);
    this.ws = ws;
    ws.onopen = () => {
      this.delay = 500;
      if (this.options.subscribe) ws.send(JSON.stringify(this.options.subscribe));
      this.options.onState('open');
    };
    ws.onmessage = (e: MessageEvent) => {
      if (typeof e.data !== 'string') return;
      try {
        const frame: unknown = JSON.parse(e.data);
        if (isFrame(frame)) this.options.onFrame(frame);
      } catch {
        // A malformed frame is dropped; the stream goes on.
      }
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = undefined;
      this.options.onState('closed');
      if (this.closed) return;
      this.retry = setTimeout(() => this.connect(), this.delay);
      this.delay = Math.min(this.delay * 2, this.options.maxDelayMs ?? 5_000);
    };
  }
}
