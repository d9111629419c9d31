/**
 * A loopback TCP proxy in front of a broker, so a test can cut one client's connection abruptly
 * (no DISCONNECT: the broker publishes the client's will) and keep it from coming back for a while.
 * @internal
 */
import { connect, createServer, type Socket } from 'node:net';

export interface TcpProxy {
  readonly url: string;
  /** Destroys every proxied connection now; with `refuse`, new ones are dropped until `accept()`. */
  cut(options?: { refuse?: boolean }): void;
  /** Lets connections through again. */
  accept(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host?: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let refusing = false;
  const server = createServer((inbound) => {
    if (refusing) {
      inbound.destroy();
      return;
    }
    const outbound = connect(target.port, target.host ?? '127.0.0.1');
    for (const s of [inbound, outbound]) {
      sockets.add(s);
      s.once('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    inbound.once('close', () => outbound.destroy());
    outbound.once('close', () => inbound.destroy());
    inbound.pipe(outbound).pipe(inbound);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `mqtt://127.0.0.1:${port}`,
    cut(options = {}) {
      refusing = options.refuse ?? false;
      for (const s of sockets) s.destroy();
    },
    accept() {
      refusing = false;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
