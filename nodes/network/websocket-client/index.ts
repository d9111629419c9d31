import { defineNode, reportConnectionStatus } from '@millwright/sdk';
import { websocketClientConfig } from './config.js';

/** A websocket connection to a server, shared by the websocket nodes of a flow. */
export default defineNode({
  type: 'websocket-client',
  category: 'config',
  version: 1,
  label: 'websocket client',
  description:
    'A websocket connection to a server URL (ws:// or wss://, outbound policy applies), with a subprotocol, message size and send-buffer limits and a heartbeat. Reconnects with backoff.',
  isConfig: true,
  inputs: 0,
  outputs: [],
  config: websocketClientConfig,
  async setup(ctx) {
    const { WsClient } = await import('./ws-client.js');
    const client = new WsClient(ctx.config, ctx);
    await client.start();
    client.onStatus((s) => reportConnectionStatus(ctx, client.target, s, ctx.config.required));
    return { api: client, close: () => client.close() };
  },
});
