import { createServer, type Socket } from 'node:net';

export interface EmbeddedBrokerOptions {
  /** TCP port; 0 picks a free one. Default 1883. */
  port?: number;
  /** Listen address. Default 127.0.0.1: the embedded broker is for the demo and small sites on one host. */
  host?: string;
  /** Where sessions, retained messages and queued QoS 1/2 messages live. Only `memory` for now. */
  persistence?: 'memory';
}

export interface EmbeddedBroker {
  /** The port it listens on (the real one when 0 was asked). */
  readonly port: number;
  readonly host: string;
  /** `mqtt://host:port` */
  readonly url: string;
  /** Disconnects every client and stops listening. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts an aedes MQTT broker (MQTT 3.1.1 only; v5 clients are refused) on loopback. Sessions and
 * retained messages are kept in memory, so they do not survive close(): for a restart-proof broker
 * use mosquitto or another external one.
 *
 * @example
 * const broker = await startEmbeddedBroker({ port: 0 });
 * // mqtt.connect(broker.url) ...
 * await broker.close();
 */
export async function startEmbeddedBroker(options: EmbeddedBrokerOptions = {}): Promise<EmbeddedBroker> {
  const host = options.host ?? '127.0.0.1';
  const { Aedes } = await import('aedes');
  const broker = await Aedes.createBroker();
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    broker.handle(socket);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 1883, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    await new Promise<void>((r) => broker.close(() => r()));
    throw err;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  let closing: Promise<void> | undefined;
  return {
    port,
    host,
    url: `mqtt://${host}:${port}`,
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((r) => server.close(() => r()));
        // server.close() waits for open connections; clients that reconnect forever would keep it open.
        for (const s of sockets) s.destroy();
        await new Promise<void>((r) => broker.close(() => r()));
        await closed;
      })();
      return closing;
    },
  };
}
