import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { OperationalError, UserError } from '@millwright/model';
import { redactTarget, type ConnectionStatus, type NodeContext } from '@millwright/sdk';
import type * as WsNamespace from 'ws';
import type { WebSocket } from 'ws';
import { Backoff } from '../lib/backoff.js';
import { Listeners } from '../lib/listeners.js';
import { outboundGate, type OutboundGate } from '../lib/outbound.js';
import type { WsEndpoint } from '../lib/ws-endpoint.js';
import { frameData, heartbeat, peerError, sendFrame } from '../lib/ws-peer.js';
import type { WebsocketClientConfig } from './config.js';

type WsModule = typeof WsNamespace;

/**
 * The connection behind a websocket-client config node: connects through the outbound policy,
 * reconnects with backoff when it drops (or misses a heartbeat), and reports each state. A refused
 * destination (`outbound_denied`) is `failed` and not retried.
 */
export class WsClient implements WsEndpoint {
  private ws: WebSocket | undefined;
  private wsModule: WsModule | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private everConnected = false;
  private paused = false;
  private status: ConnectionStatus = { state: 'connecting' };
  private readonly gate: OutboundGate;
  private readonly backoff: Backoff;
  private readonly messages = new Listeners<[string | Uint8Array, string]>();
  private readonly errors = new Listeners<[Error]>();
  private readonly statuses = new Listeners<[ConnectionStatus]>();
  /** One session id per connection, so a reply never goes to a later connection. */
  private sessionId = '';
  private ca: Buffer | undefined;

  constructor(
    private readonly cfg: WebsocketClientConfig,
    ctx: Pick<NodeContext, 'confinement' | 'dataDir'>,
  ) {
    this.gate = outboundGate(ctx);
    this.backoff = new Backoff(cfg.reconnectMs, cfg.reconnectMaxMs);
  }

  get wholeMessage(): boolean {
    return this.cfg.wholeMessage;
  }

  get target(): string {
    return redactTarget(this.cfg.url);
  }

  /** Reads the TLS CA file (UserError `ws_tls_file` when it cannot) and connects in the background. */
  async start(): Promise<void> {
    const { caFile } = this.cfg.tls;
    if (caFile)
      this.ca = await readFile(caFile).catch((err: Error) => {
        throw new UserError('ws_tls_file', `cannot read the CA file ${caFile}: ${err.message}`, err);
      });
    this.wsModule = await import('ws');
    this.open();
  }

  onMessage(h: (data: string | Uint8Array, sessionId: string) => void): () => void {
    return this.messages.add(h);
  }

  onError(h: (err: Error) => void): () => void {
    return this.errors.add(h);
  }

  onStatus(h: (s: ConnectionStatus) => void): () => void {
    h(this.status);
    return this.statuses.add(h);
  }

  send(data: string | Buffer): Promise<void> {
    const ws = this.ws;
    if (!ws || ws.readyState !== 1)
      return Promise.reject(new OperationalError('ws_not_connected', `not connected to ${this.target}`));
    return sendFrame(ws, data, this.cfg.maxBufferedBytes);
  }

  pause(): void {
    this.paused = true;
    this.ws?.pause();
  }

  resume(): void {
    this.paused = false;
    this.ws?.resume();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.setStatus({ state: 'closed' });
    this.messages.clear();
    this.errors.clear();
    this.statuses.clear();
    this.ws?.terminate();
  }

  private setStatus(s: ConnectionStatus): void {
    if (this.status.state === 'closed') return;
    this.status = s;
    this.statuses.emit(s);
  }

  private open(): void {
    const { WebSocket } = this.wsModule as WsModule;
    const url = new URL(this.cfg.url);
    const port = url.port ? Number(url.port) : url.protocol === 'wss:' ? 443 : 80;
    let lookup;
    try {
      lookup = this.gate.lookupFor(url.hostname, port);
    } catch (err) {
      this.setStatus({ state: 'failed', message: (err as Error).message });
      return;
    }
    const ws = new WebSocket(this.cfg.url, this.cfg.subprotocol ? [this.cfg.subprotocol] : [], {
      lookup,
      maxPayload: this.cfg.maxMessageBytes,
      handshakeTimeout: 10_000,
      rejectUnauthorized: this.cfg.tls.rejectUnauthorized,
      ...(this.ca ? { ca: this.ca } : {}),
    });
    this.ws = ws;
    let failure: string | undefined;
    let stopBeat = () => undefined as void;
    ws.on('open', () => {
      this.everConnected = true;
      this.backoff.reset();
      this.sessionId = randomUUID();
      if (this.paused) ws.pause();
      stopBeat = heartbeat(ws, this.cfg.pingIntervalMs);
      this.setStatus({ state: 'connected' });
    });
    ws.on('message', (data, isBinary) => this.messages.emit(frameData(data, isBinary), this.sessionId));
    ws.on('unexpected-response', (_req, res) => {
      failure = `the server answered HTTP ${res.statusCode} instead of switching to websocket`;
      ws.terminate();
    });
    ws.on('error', (err: Error & { code?: string }) => {
      failure = err.message;
      if (err.code === 'outbound_denied') {
        this.closed = true;
        this.setStatus({ state: 'failed', message: err.message });
        return;
      }
      if (ws.readyState === 1 || err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH')
        this.errors.emit(peerError(err, this.cfg.maxMessageBytes));
    });
    ws.on('close', (code, reason) => {
      stopBeat();
      if (this.ws === ws) this.ws = undefined;
      if (this.closed) return;
      failure ??= `closed by the server (${code}${reason.length ? ` ${reason.toString()}` : ''})`;
      this.setStatus({ state: this.everConnected ? 'reconnecting' : 'connecting', message: failure });
      this.timer = setTimeout(() => this.open(), this.backoff.next());
    });
  }
}
