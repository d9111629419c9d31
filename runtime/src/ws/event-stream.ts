import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { RuntimeEventType } from '@millwright/model';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EventBus } from '../events/event-bus.js';
import { ClientChannel, DEFAULT_CHANNEL_LIMITS, type ChannelLimits } from './client-channel.js';

/** Path of the event stream on the runtime's HTTP server. */
export const EVENTS_PATH = '/api/events';

const EVENT_TYPES: readonly RuntimeEventType[] = [
  'debug',
  'status',
  'error',
  'log',
  'flow-state',
  'deploy',
  'chart',
  'connection',
];

export interface EventStreamOptions {
  server: Server;
  bus: EventBus;
  logger: Logger;
  /** Decides whether an upgrade request may connect and what it may see; undefined refuses it (401). */
  authorize: (req: IncomingMessage) => ClientGrant | undefined;
  limits?: Partial<ChannelLimits>;
  /** Ping interval; a client that has not answered the previous ping is terminated (ms, default 30 s). */
  heartbeatMs?: number;
  onDrop?: (count: number) => void;
}

/** What one authenticated client may receive. */
export interface ClientGrant {
  /** Event types the client's role may see; others are never queued for it. */
  types: ReadonlySet<RuntimeEventType>;
  /** Checked at every heartbeat: false (expired or revoked login) closes the connection (4401). */
  valid?: () => boolean;
}

/** Subprotocol selected when a client offers it (browsers offer it next to `bearer.<token>`). */
const PROTOCOL = 'millwright';

/**
 * Streams runtime events to websocket clients on `/api/events` of the given HTTP server.
 * Frames are JSON arrays (see `ClientChannel` for batching and dropping). A client may send
 * `{ "subscribe": ["debug", "status"] }` (or `null` for all), optionally with `"nodes": [ids]` to
 * get only those nodes' events (a dashboard page's widgets), and gets `{ type: 'subscribed' }` back.
 * Unauthorized upgrades get a plain 401 response; other paths 404.
 */
export class EventStream {
  private readonly wss = new WebSocketServer({
    noServer: true,
    maxPayload: 64 * 1024,
    // Never echo a `bearer.<token>` protocol back: select ours, or none.
    handleProtocols: (protocols) => (protocols.has(PROTOCOL) ? PROTOCOL : false),
  });
  private readonly channels = new Map<WebSocket, ClientChannel>();
  private readonly grants = new Map<WebSocket, ClientGrant>();
  private readonly alive = new WeakSet<WebSocket>();
  private readonly unsubscribe: () => void;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly limits: ChannelLimits;

  constructor(private readonly options: EventStreamOptions) {
    this.limits = { ...DEFAULT_CHANNEL_LIMITS, ...options.limits };
    options.server.on('upgrade', this.onUpgrade);
    this.unsubscribe = options.bus.on((event) => {
      // Serialized once for every client: pending events cost their JSON, shared, not a copy each.
      let json: string | undefined;
      for (const [ws, channel] of this.channels)
        if (this.grants.get(ws)?.types.has(event.type)) channel.push(event, (json ??= JSON.stringify(event)));
    });
    this.heartbeat = setInterval(() => this.ping(), options.heartbeatMs ?? 30_000);
    this.heartbeat.unref();
  }

  get clientCount(): number {
    return this.channels.size;
  }

  /** Disconnects every client (close code 1001, going away) and stops listening for upgrades. */
  async close(): Promise<void> {
    this.options.server.off('upgrade', this.onUpgrade);
    clearInterval(this.heartbeat);
    this.unsubscribe();
    for (const [ws, channel] of this.channels) {
      channel.flush();
      channel.close();
      ws.close(1001, 'runtime stopping');
    }
    // Give clients a moment to answer the close handshake, then cut whatever is left.
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, this.channels.size ? 200 : 0);
      timer.unref();
    });
    for (const ws of this.channels.keys()) ws.terminate();
    this.channels.clear();
    this.grants.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private readonly onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== EVENTS_PATH) return reject(socket, 404, 'Not Found');
    const grant = this.options.authorize(req);
    if (!grant) return reject(socket, 401, 'Unauthorized', 'WWW-Authenticate: Bearer\r\n');
    this.wss.handleUpgrade(req, socket, head, (ws) => this.connected(ws, grant));
  };

  private connected(ws: WebSocket, grant: ClientGrant): void {
    const channel = new ClientChannel(ws, this.limits, this.options.onDrop);
    this.channels.set(ws, channel);
    this.grants.set(ws, grant);
    this.alive.add(ws);
    ws.on('pong', () => this.alive.add(ws));
    ws.on('message', (data, isBinary) => this.onMessage(channel, isBinary ? '' : data.toString()));
    ws.on('close', () => {
      channel.close();
      this.channels.delete(ws);
      this.grants.delete(ws);
    });
    ws.on('error', (err) => this.options.logger.debug({ err }, 'websocket client error'));
  }

  private onMessage(channel: ClientChannel, text: string): void {
    const types = parseSubscribe(text);
    if (types === undefined) {
      this.options.logger.debug({ text: text.slice(0, 200) }, 'ignored websocket message');
      return;
    }
    channel.subscribe(types, parseSubscribeNodes(text));
    channel.sendNow([{ type: 'subscribed', types: channel.subscription }]);
  }

  private ping(): void {
    for (const ws of this.channels.keys()) {
      if (this.grants.get(ws)?.valid?.() === false) {
        ws.close(4401, 'login expired or revoked');
        continue;
      }
      if (!this.alive.has(ws)) {
        ws.terminate(); // no pong since the last ping: the peer is gone
        continue;
      }
      this.alive.delete(ws);
      ws.ping();
    }
  }
}

/** Parses `{ "subscribe": [...] | null }`; undefined when the text is not a valid subscribe request. */
export function parseSubscribe(text: string): RuntimeEventType[] | null | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const list: unknown = typeof value === 'object' && value !== null ? Reflect.get(value, 'subscribe') : undefined;
  if (list === null) return null;
  if (!Array.isArray(list)) return undefined;
  const types = EVENT_TYPES.filter((t) => list.includes(t));
  return types.length === list.length ? types : undefined;
}

/** The `nodes` of a subscribe request: node ids (strings only), or null (every node) when absent. */
export function parseSubscribeNodes(text: string): string[] | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const list: unknown = typeof value === 'object' && value !== null ? Reflect.get(value, 'nodes') : undefined;
  return Array.isArray(list) ? list.filter((n): n is string => typeof n === 'string').slice(0, 10_000) : null;
}

function reject(socket: Duplex, status: number, text: string, extra = ''): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n${extra}\r\n`);
}
