import { randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { OperationalError } from '@millwright/model';
import type { ConnectionStatus, NodeLogger } from '@millwright/sdk';
import type { WebSocket } from 'ws';
import { listenOn } from '../lib/listen.js';
import { Listeners } from '../lib/listeners.js';
import type { WsEndpoint } from '../lib/ws-endpoint.js';
import { frameData, heartbeat, peerError, sendFrame } from '../lib/ws-peer.js';
import type { WebsocketListenerConfig, WebsocketListenerCredentials } from './config.js';

export interface WsListener extends WsEndpoint {
  close(): Promise<void>;
}

/**
 * Starts the endpoint's HTTP server and accepts websocket upgrades on its path: wrong path 404,
 * missing or wrong token 401, full (maxConnections) 503. Frames over `maxMessageBytes` close the
 * peer with 1009 and are reported as `net_frame_too_large`.
 */
export async function startWsListener(
  cfg: WebsocketListenerConfig,
  credentials: Partial<WebsocketListenerCredentials>,
  log: NodeLogger,
): Promise<WsListener> {
  const { WebSocketServer } = await import('ws');
  const wss = new WebSocketServer({ noServer: true, maxPayload: cfg.maxMessageBytes });
  const clients = new Map<string, WebSocket>();
  const messages = new Listeners<[string | Uint8Array, string]>();
  const errors = new Listeners<[Error]>();
  const statuses = new Listeners<[ConnectionStatus]>();
  let paused = false;
  const target = `ws://${cfg.host.includes(':') ? `[${cfg.host}]` : cfg.host}:${cfg.port}${cfg.path}`;
  const status = (): ConnectionStatus => ({ state: 'connected', message: `${clients.size} connected` });

  const server = createServer((_req, res) => {
    res.writeHead(426, { 'content-type': 'text/plain' }).end('websocket endpoint: connect with a websocket client');
  });
  const refuse = (socket: Duplex, code: number, text: string) => {
    socket.end(`HTTP/1.1 ${code} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== cfg.path) return refuse(socket, 404, 'Not Found');
    if (credentials.token && !tokenMatches(req, url, credentials.token)) return refuse(socket, 401, 'Unauthorized');
    if (clients.size >= cfg.maxConnections) {
      log.warn(`refused a websocket client: ${cfg.maxConnections} are connected`);
      return refuse(socket, 503, 'Service Unavailable');
    }
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws));
  });

  const accept = (ws: WebSocket) => {
    const id = randomUUID();
    clients.set(id, ws);
    if (paused) ws.pause();
    const stopBeat = heartbeat(ws, cfg.pingIntervalMs);
    ws.on('message', (data, isBinary) => messages.emit(frameData(data, isBinary), id));
    ws.on('error', (err) => errors.emit(peerError(err, cfg.maxMessageBytes)));
    ws.on('close', () => {
      stopBeat();
      clients.delete(id);
      statuses.emit(status());
    });
    statuses.emit(status());
  };

  await listenOn(server, cfg.host, cfg.port, 'websocket listener');
  return {
    wholeMessage: cfg.wholeMessage,
    target,
    onMessage: (h) => messages.add(h),
    onError: (h) => errors.add(h),
    onStatus(h) {
      h(status());
      return statuses.add(h);
    },
    async send(data, sessionId) {
      if (sessionId !== undefined) {
        const ws = clients.get(sessionId);
        if (!ws) throw new OperationalError('ws_session_closed', `websocket session ${sessionId} has disconnected`);
        return sendFrame(ws, data, cfg.maxBufferedBytes);
      }
      const results = await Promise.allSettled(
        [...clients.values()].map((ws) => sendFrame(ws, data, cfg.maxBufferedBytes)),
      );
      const failed = results.filter((r) => r.status === 'rejected').length;
      if (failed) log.warn(`websocket broadcast reached ${results.length - failed} of ${results.length} clients`);
    },
    pause() {
      paused = true;
      for (const ws of clients.values()) ws.pause();
    },
    resume() {
      paused = false;
      for (const ws of clients.values()) ws.resume();
    },
    async close() {
      messages.clear();
      errors.clear();
      statuses.clear();
      for (const ws of clients.values()) ws.close(1001, 'endpoint closing');
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Clients that do not finish the closing handshake quickly are cut.
      setTimeout(() => {
        for (const ws of clients.values()) ws.terminate();
      }, 500).unref();
      server.closeAllConnections();
      await closed;
    },
  };
}

function tokenMatches(req: IncomingMessage, url: URL, token: string): boolean {
  const header = req.headers.authorization ?? '';
  const given = header.startsWith('Bearer ') ? header.slice(7) : (url.searchParams.get('access_token') ?? '');
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
