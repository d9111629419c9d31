import { UserError } from '@millwright/model';

interface Listenable {
  listen(port: number, host: string): unknown;
  once(event: 'listening' | 'error', listener: (err?: NodeJS.ErrnoException) => void): unknown;
  off(event: 'listening' | 'error', listener: (err?: NodeJS.ErrnoException) => void): unknown;
}

const REASONS: Record<string, [code: string, why: string]> = {
  EADDRINUSE: ['net_port_in_use', 'the port is already in use (another node, flow or program listens on it)'],
  EACCES: ['net_listen_refused', 'the system refuses this port (ports below 1024 need privileges)'],
  EADDRNOTAVAIL: ['net_bad_host', 'the address is not one of this machine'],
  ENOTFOUND: ['net_bad_host', 'the host name does not resolve'],
};

/**
 * Starts listening on `host:port`; rejects with a UserError naming the cause (`net_port_in_use`,
 * `net_listen_refused`, `net_bad_host`, else `net_listen_failed`), so the node fails to start
 * with a reason the editor shows.
 */
export function listenOn(server: Listenable, host: string, port: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err?: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      const [code, why] = REASONS[err?.code ?? ''] ?? ['net_listen_failed', err?.message ?? 'unknown error'];
      reject(new UserError(code, `${what} cannot listen on ${host}:${port}: ${why}`, err));
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}
