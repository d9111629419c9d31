import { UserError } from '@millwright/model';
import { connectionBadge, type NodeContext } from '@millwright/sdk';
import type { WsEndpoint } from './ws-endpoint.js';

/** The endpoint the node's config names; UserError `ws_endpoint_missing` if it is not running. */
export function endpointOf(
  ctx: NodeContext<{ mode: 'server' | 'client'; listener: string; client: string }>,
): WsEndpoint {
  const id = ctx.config.mode === 'server' ? ctx.config.listener : ctx.config.client;
  const endpoint = ctx.configNode<WsEndpoint>(id);
  if (!endpoint)
    throw new UserError(
      'ws_endpoint_missing',
      `websocket ${ctx.config.mode} "${id}" is not deployed or failed to start`,
    );
  return endpoint;
}

/** Mirrors the endpoint on the node's badge: "listening · n connected" for a listener, else the connection state. */
export function mirrorEndpoint(ctx: NodeContext, endpoint: WsEndpoint, server: boolean): () => void {
  return endpoint.onStatus((s) => {
    if (s.state === 'closed') return;
    ctx.status(
      server
        ? {
            fill: 'green',
            shape: s.message?.startsWith('0 ') ? 'ring' : 'dot',
            text: `${endpoint.target} · ${s.message ?? ''}`,
          }
        : connectionBadge(s),
    );
  });
}
