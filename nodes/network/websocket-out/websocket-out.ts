import type { FlowMessage } from '@millwright/model';
import type { NodeContext, NodeHandlers } from '@millwright/sdk';
import { sessionIdOf } from '../lib/session-of.js';
import { endpointOf, mirrorEndpoint } from '../lib/ws-node-support.js';
import type { WebsocketOutConfig } from './config.js';

/** The frame for a message: bytes as binary, strings as text, anything else as JSON text. */
export function frameOf(msg: FlowMessage, wholeMessage: boolean): string | Buffer {
  if (wholeMessage) {
    const { _session: _s, trace: _t, ...rest } = msg;
    return JSON.stringify(rest);
  }
  const p = msg.payload;
  if (p instanceof Uint8Array) return Buffer.from(p.buffer, p.byteOffset, p.byteLength);
  if (typeof p === 'string') return p;
  return p === undefined ? '' : JSON.stringify(p);
}

/**
 * Sends each message; the input finishes once the frame is handed to the socket. A reply to a
 * peer that has gone is `ws_session_closed` (to catch nodes), where Node-RED drops it silently.
 */
export function createWebsocketOut(ctx: NodeContext<WebsocketOutConfig>): NodeHandlers {
  const endpoint = endpointOf(ctx);
  const server = ctx.config.mode === 'server';
  const stopStatus = mirrorEndpoint(ctx, endpoint, server);
  return {
    // A client connection has one peer: msg._session only picks among a listener's clients.
    input: (msg) =>
      endpoint.send(frameOf(msg, endpoint.wholeMessage), server ? sessionIdOf(msg, 'websocket') : undefined),
    close: stopStatus,
  };
}
