import type { Socket } from 'node:net';
import { OperationalError } from '@millwright/model';

/**
 * Writes `data` and resolves once the socket took it. Past `maxBufferedBytes` of unsent data (a
 * peer that does not read) the write is refused with OperationalError `net_peer_slow` and the
 * connection closed, so one slow peer cannot hold unbounded memory.
 */
export function writeTo(socket: Socket, data: Buffer, maxBufferedBytes: number): Promise<void> {
  if (socket.destroyed || !socket.writable)
    return Promise.reject(new OperationalError('net_connection_closed', 'the connection is closed'));
  if (socket.writableLength + data.length > maxBufferedBytes) {
    socket.destroy();
    return Promise.reject(
      new OperationalError(
        'net_peer_slow',
        `the peer does not read: more than ${maxBufferedBytes} bytes wait to be sent; the connection is closed`,
      ),
    );
  }
  return new Promise((resolve, reject) => {
    socket.write(data, (err) =>
      err ? reject(new OperationalError('net_write_failed', `write failed: ${err.message}`, err)) : resolve(),
    );
  });
}
