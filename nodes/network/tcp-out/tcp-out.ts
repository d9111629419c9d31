import { connect, createServer, type Socket } from 'node:net';
import { OperationalError, type FlowMessage } from '@millwright/model';
import { connectionBadge, reportConnectionStatus, type NodeContext, type NodeHandlers } from '@millwright/sdk';
import { toBytes } from '../lib/bytes.js';
import { listenOn } from '../lib/listen.js';
import { outboundGate } from '../lib/outbound.js';
import { serial } from '../lib/serial.js';
import { sessionIdOf } from '../lib/session-of.js';
import { writeTo } from '../lib/socket-write.js';
import { TcpClient } from '../lib/tcp-client.js';
import { tcpSession, tcpSessionsOf } from '../lib/tcp-sessions.js';
import type { TcpOutConfig } from './config.js';

/**
 * Writes each message's payload; the input finishes once the bytes are handed to the socket, so a
 * slow peer slows the flow down (up to `maxBufferedBytes`, then it is disconnected). Errors (a
 * session that has gone, a server that is down) go to catch nodes; the node keeps running.
 */
export async function createTcpOut(ctx: NodeContext<TcpOutConfig>): Promise<NodeHandlers> {
  const cfg = ctx.config;
  const bytesOf = (msg: FlowMessage) => toBytes(msg.payload, cfg.decodeBase64);
  if (cfg.mode === 'reply') return replier(ctx, bytesOf);
  if (cfg.mode === 'server') return server(ctx, bytesOf);
  if (cfg.closeAfterSend) return oneShot(ctx, bytesOf);
  const client = new TcpClient({
    host: cfg.host,
    port: cfg.port,
    gate: outboundGate(ctx),
    reconnectMs: cfg.reconnectMs,
    reconnectMaxMs: cfg.reconnectMaxMs,
    maxBufferedBytes: cfg.maxBufferedBytes,
    // What the server sends back is not this node's business (tcp-request is); keep reading so it cannot stall.
    onData: () => undefined,
    onStatus(s) {
      if (s.state !== 'closed') ctx.status(connectionBadge(s));
      reportConnectionStatus(ctx, client.target, s);
    },
  });
  client.start();
  return {
    input: (msg) => client.write(bytesOf(msg)),
    close: () => client.close(),
  };
}

function replier(ctx: NodeContext<TcpOutConfig>, bytesOf: (m: FlowMessage) => Buffer): NodeHandlers {
  const cfg = ctx.config;
  const send = async (socket: Socket, data: Buffer) => {
    await writeTo(socket, data, cfg.maxBufferedBytes);
    if (cfg.closeAfterSend) socket.end();
  };
  return {
    async input(msg) {
      const data = bytesOf(msg);
      const id = sessionIdOf(msg, 'tcp');
      if (id === undefined) {
        // Node-RED's reply mode without a session writes to every connection of the tcp-in nodes.
        await Promise.allSettled(tcpSessionsOf(ctx.flowId).map((s) => send(s.socket, data)));
        return;
      }
      const session = tcpSession(ctx.flowId, id);
      if (!session)
        throw new OperationalError('tcp_session_closed', `the connection of msg._session ${id} is closed; not sent`);
      await send(session.socket, data);
    },
  };
}

async function server(ctx: NodeContext<TcpOutConfig>, bytesOf: (m: FlowMessage) => Buffer): Promise<NodeHandlers> {
  const cfg = ctx.config;
  const sockets = new Set<Socket>();
  const show = () =>
    ctx.status({
      fill: 'green',
      shape: sockets.size ? 'dot' : 'ring',
      text: `listening ${cfg.host}:${cfg.port} · ${sockets.size} connected`,
    });
  const srv = createServer((socket) => {
    sockets.add(socket);
    socket.resume(); // what clients send is read and dropped
    socket.on('error', (err) => ctx.log.debug(`tcp out client: ${err.message}`));
    socket.on('close', () => {
      sockets.delete(socket);
      show();
    });
    show();
  });
  srv.maxConnections = cfg.maxConnections;
  srv.on('drop', () => ctx.log.warn(`refused a connection: ${cfg.maxConnections} clients are connected`));
  await listenOn(srv, cfg.host, cfg.port, 'tcp out');
  show();
  return {
    async input(msg) {
      const data = bytesOf(msg);
      // A client that cannot take the data is disconnected by writeTo; the others still get it.
      await Promise.allSettled([...sockets].map((s) => writeTo(s, data, cfg.maxBufferedBytes)));
    },
    async close() {
      const closed = new Promise<void>((resolve) => srv.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}

/** client + closeAfterSend: one connection per message, as Node-RED's "close after each message". */
function oneShot(ctx: NodeContext<TcpOutConfig>, bytesOf: (m: FlowMessage) => Buffer): NodeHandlers {
  const cfg = ctx.config;
  const gate = outboundGate(ctx);
  // One connection at a time, in order, as the peer would see Node-RED's.
  const queue = serial(1_000);
  const sendOne = (data: Buffer) => {
    const lookup = gate.lookupFor(cfg.host, cfg.port);
    return new Promise<void>((resolve, reject) => {
      const socket = connect({ host: cfg.host, port: cfg.port, lookup }, () => {
        socket.end(data);
      });
      socket.resume();
      socket.setTimeout(30_000, () =>
        socket.destroy(new OperationalError('tcp_timeout', `no progress sending to ${cfg.host}:${cfg.port}`)),
      );
      socket.on('error', (err) =>
        reject(
          err instanceof OperationalError || (err as { code?: string }).code === 'outbound_denied'
            ? err
            : new OperationalError('tcp_connect_failed', `${cfg.host}:${cfg.port}: ${err.message}`, err),
        ),
      );
      socket.on('finish', () => resolve());
    });
  };
  return {
    input: (msg) => {
      const data = bytesOf(msg);
      return queue.run(() => sendOne(data));
    },
    pending: queue.pending,
  };
}
