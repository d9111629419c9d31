import { connect, type Socket } from 'node:net';
import { OperationalError, UserError, type FlowMessage } from '@millwright/model';
import type { NodeContext, NodeHandlers } from '@millwright/sdk';
import { fromBytes, parseDelimiter, toBytes } from '../lib/bytes.js';
import { Framer } from '../lib/framer.js';
import { outboundGate } from '../lib/outbound.js';
import { serial } from '../lib/serial.js';
import { writeTo } from '../lib/socket-write.js';
import type { TcpRequestConfig } from './config.js';

/** Where a message goes: the node's host and port, else msg.host / msg.port. */
function destination(cfg: TcpRequestConfig, msg: FlowMessage): { host: string; port: number } {
  const host = cfg.host || (typeof msg['host'] === 'string' ? msg['host'].trim() : '');
  const port = cfg.port || Number(msg['port']);
  if (!host) throw new UserError('tcp_no_host', 'no host: the node has none and msg.host is empty');
  if (!Number.isInteger(port) || port < 1 || port > 65_535)
    throw new UserError('tcp_no_port', 'no port: the node has none and msg.port is not 1 to 65535');
  return { host, port };
}

/**
 * One connection per message (except `stream`): connect through the outbound policy, write, read
 * the answer as the mode says, close. Messages are handled one at a time in order (up to 1,000
 * waiting), so a node never has more than one request open. `stream` keeps one connection per destination and sends each chunk on,
 * with the fields of the last message written to it.
 */
export function createTcpRequest(ctx: NodeContext<TcpRequestConfig>): NodeHandlers {
  const cfg = ctx.config;
  const gate = outboundGate(ctx);
  const delimiter = parseDelimiter(cfg.delimiter);
  const streams = new Map<string, { socket: Socket; last: FlowMessage }>();

  const open = (host: string, port: number): Promise<Socket> =>
    new Promise((resolve, reject) => {
      const socket = connect({ host, port, lookup: gate.lookupFor(host, port) });
      const timer = setTimeout(
        () => socket.destroy(new OperationalError('tcp_request_timeout', `connecting to ${host}:${port} timed out`)),
        cfg.timeoutMs,
      );
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.off('error', onError);
        resolve(socket);
      });
      const onError = (err: Error) => {
        clearTimeout(timer);
        reject(
          err instanceof OperationalError || err instanceof UserError
            ? err
            : new OperationalError('tcp_connect_failed', `cannot connect to ${host}:${port}: ${err.message}`, err),
        );
      };
      socket.once('error', onError);
    });

  const stream = async (msg: FlowMessage, host: string, port: number) => {
    const key = `${host}:${port}`;
    let entry = streams.get(key);
    if (!entry) {
      const socket = await open(host, port);
      const current = { socket, last: msg };
      entry = current;
      streams.set(key, current);
      // Each chunk is a message of its own (a fresh id), with the fields of the last request.
      socket.on('data', (chunk: Buffer) => {
        const { id: _id, ...fields } = current.last;
        ctx.send(ctx.newMessage({ ...fields, payload: fromBytes(chunk, cfg.format) }));
      });
      socket.on('error', (err) =>
        ctx.error(new OperationalError('tcp_connection_lost', `${key}: ${err.message}`, err)),
      );
      socket.on('close', () => {
        if (streams.get(key) === current) streams.delete(key);
      });
    }
    entry.last = msg;
    await writeTo(entry.socket, toBytes(msg.payload), cfg.maxMessageBytes);
  };

  const request = async (msg: FlowMessage, host: string, port: number) => {
    const socket = await open(host, port);
    try {
      if (cfg.returnAfter === 'immediate') {
        await writeTo(socket, toBytes(msg.payload), cfg.maxMessageBytes);
        socket.end();
        ctx.send(msg);
        return;
      }
      const answer = await exchange(socket, toBytes(msg.payload), `${host}:${port}`);
      ctx.send({ ...msg, payload: fromBytes(answer, cfg.format) });
    } finally {
      socket.destroy();
    }
  };

  const exchange = (socket: Socket, data: Buffer, where: string) =>
    new Promise<Buffer>((resolve, reject) => {
      const framer = new Framer({
        delimiter: cfg.returnAfter === 'char' ? delimiter : undefined,
        keepDelimiter: true,
        count: cfg.returnAfter === 'count' ? cfg.count : undefined,
        maxBytes: cfg.maxMessageBytes,
      });
      let wait: NodeJS.Timeout | undefined;
      const timer = setTimeout(
        () =>
          reject(
            new OperationalError('tcp_request_timeout', `no complete answer from ${where} in ${cfg.timeoutMs} ms`),
          ),
        cfg.timeoutMs,
      );
      const done = (answer: Buffer) => {
        clearTimeout(timer);
        clearTimeout(wait);
        resolve(answer);
      };
      socket.on('data', (chunk: Buffer) => {
        try {
          const [first] = framer.push(chunk);
          if (first) return done(first);
        } catch (err) {
          clearTimeout(timer);
          return reject(err);
        }
        if (cfg.returnAfter === 'time') wait ??= setTimeout(() => done(framer.rest()), cfg.waitMs);
      });
      socket.on('error', (err) => {
        clearTimeout(timer);
        reject(new OperationalError('tcp_connection_lost', `${where}: ${err.message}`, err));
      });
      socket.on('close', () => {
        // The server closed before the answer was complete: what came is the answer, as in Node-RED.
        const rest = framer.rest();
        if (rest.length) return done(rest);
        clearTimeout(timer);
        reject(new OperationalError('tcp_no_answer', `${where} closed the connection without answering`));
      });
      writeTo(socket, data, cfg.maxMessageBytes).catch(reject);
    });

  const queue = serial(1_000);
  return {
    input(msg) {
      const { host, port } = destination(cfg, msg);
      return queue.run(() => (cfg.returnAfter === 'stream' ? stream(msg, host, port) : request(msg, host, port)));
    },
    pending: queue.pending,
    close() {
      for (const { socket } of streams.values()) socket.destroy();
      streams.clear();
    },
  };
}
