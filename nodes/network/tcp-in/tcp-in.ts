import { randomUUID } from 'node:crypto';
import { createServer, type Socket } from 'node:net';
import { connectionBadge, reportConnectionStatus, type NodeContext, type NodeHandlers } from '@millwright/sdk';
import { fromBytes, parseDelimiter } from '../lib/bytes.js';
import { Framer } from '../lib/framer.js';
import { listenOn } from '../lib/listen.js';
import { outboundGate } from '../lib/outbound.js';
import { pacer } from '../lib/pace.js';
import { TcpClient } from '../lib/tcp-client.js';
import { addTcpSession, removeTcpSession } from '../lib/tcp-sessions.js';
import type { TcpInConfig } from './config.js';

/**
 * Listens (server) or connects (client) and turns what peers send into messages. Every
 * connection is a session (`msg._session = { type: 'tcp', id }`) that a tcp-out node in reply
 * mode can answer on. A peer that overruns `maxMessageBytes` is disconnected with the error
 * `net_frame_too_large` (to catch nodes); the other connections go on.
 */
export async function createTcpIn(ctx: NodeContext<TcpInConfig>): Promise<NodeHandlers> {
  const cfg = ctx.config;
  const delimiter = cfg.output === 'stream' ? parseDelimiter(cfg.delimiter) : Buffer.alloc(0);
  const sockets = new Set<Socket>();
  let showServer: (() => void) | undefined;

  const attach = (socket: Socket) => {
    const id = randomUUID();
    sockets.add(socket);
    addTcpSession({ id, flowId: ctx.flowId, socket });
    const base = { topic: cfg.topic, ip: socket.remoteAddress, port: socket.remotePort, _session: { type: 'tcp', id } };
    const framer = new Framer({ delimiter, keepDelimiter: cfg.keepDelimiter, maxBytes: cfg.maxMessageBytes });
    const pace = pacer(
      ctx,
      () => socket.pause(),
      () => socket.resume(),
    );
    const emit = (bytes: Buffer) => {
      ctx.send(ctx.newMessage({ ...base, payload: fromBytes(bytes, cfg.format) }));
      pace();
    };
    socket.on('data', (chunk: Buffer) => {
      if (cfg.output === 'stream' && !delimiter.length) return emit(chunk);
      try {
        for (const frame of framer.push(chunk)) emit(frame);
      } catch (err) {
        ctx.error(err, ctx.newMessage({ ...base }));
        socket.destroy();
      }
    });
    socket.on('end', () => {
      const rest = framer.rest();
      if (rest.length || cfg.output === 'single') emit(rest);
    });
    socket.on('error', (err) => ctx.log.debug(`tcp connection ${id}: ${err.message}`));
    socket.on('close', () => {
      sockets.delete(socket);
      removeTcpSession(id);
      showServer?.();
    });
    showServer?.();
  };

  if (cfg.mode === 'client') {
    const client = new TcpClient({
      host: cfg.host,
      port: cfg.port,
      gate: outboundGate(ctx),
      reconnectMs: cfg.reconnectMs,
      reconnectMaxMs: cfg.reconnectMaxMs,
      onConnect: attach,
      onStatus(s) {
        if (s.state !== 'closed') ctx.status(connectionBadge(s));
        reportConnectionStatus(ctx, client.target, s);
      },
    });
    client.start();
    return { close: () => client.close() };
  }

  const server = createServer((socket) => attach(socket));
  server.maxConnections = cfg.maxConnections;
  server.on('drop', (d) =>
    ctx.log.warn(`refused a connection from ${d?.remoteAddress ?? '?'}: ${cfg.maxConnections} clients are connected`),
  );
  showServer = () =>
    ctx.status({
      fill: 'green',
      shape: sockets.size ? 'dot' : 'ring',
      text: `listening ${cfg.host}:${cfg.port} · ${sockets.size} connected`,
    });
  await listenOn(server, cfg.host, cfg.port, 'tcp in');
  showServer();
  return {
    async close() {
      showServer = undefined;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}
