import { OperationalError, UserError } from '@millwright/model';
import type { RawData, WebSocket } from 'ws';

/** A frame as msg.payload: text frames as strings, binary frames as bytes. */
export function frameData(data: RawData, isBinary: boolean): string | Uint8Array {
  const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
  return isBinary ? new Uint8Array(buf) : buf.toString('utf8');
}

/** What a ws error means for the flow: an oversized frame is `net_frame_too_large`. */
export function peerError(err: Error & { code?: string }, maxBytes: number): Error {
  if (err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH')
    return new UserError(
      'net_frame_too_large',
      `a websocket peer sent a message over ${maxBytes} bytes; it was disconnected (close code 1009)`,
      err,
    );
  return new OperationalError('ws_protocol_error', `websocket peer: ${err.message}`, err);
}

/**
 * Sends one frame; past `maxBufferedBytes` queued for this peer it is closed (1008) instead, so a
 * peer that does not read cannot hold unbounded memory.
 */
export function sendFrame(ws: WebSocket, data: string | Buffer, maxBufferedBytes: number): Promise<void> {
  if (ws.readyState !== 1)
    return Promise.reject(new OperationalError('ws_session_closed', 'the websocket connection is closed'));
  const size = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
  if (ws.bufferedAmount + size > maxBufferedBytes) {
    ws.close(1008, 'slow consumer');
    return Promise.reject(
      new OperationalError(
        'net_peer_slow',
        `the websocket peer does not read: more than ${maxBufferedBytes} bytes wait to be sent; it was disconnected`,
      ),
    );
  }
  return new Promise((resolve, reject) =>
    ws.send(data, { binary: typeof data !== 'string' }, (err) =>
      err ? reject(new OperationalError('ws_send_failed', `websocket send failed: ${err.message}`, err)) : resolve(),
    ),
  );
}

/** Pings every `intervalMs`; a peer that did not answer the last ping is terminated. */
export function heartbeat(ws: WebSocket, intervalMs: number): () => void {
  if (!intervalMs) return () => undefined;
  let alive = true;
  ws.on('pong', () => (alive = true));
  const timer = setInterval(() => {
    if (!alive) return ws.terminate();
    alive = false;
    ws.ping();
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
