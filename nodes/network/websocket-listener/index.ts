import { defineNode } from '@millwright/sdk';
import { websocketListenerConfig, websocketListenerCredentials } from './config.js';

/** A websocket server endpoint (its own port), shared by the websocket nodes of a flow. */
export default defineNode({
  type: 'websocket-listener',
  category: 'config',
  version: 1,
  label: 'websocket listener',
  description:
    'A websocket server endpoint: address, port and path clients connect to (loopback by default), an optional bearer token, message size, client count and send-buffer limits, and a heartbeat.',
  isConfig: true,
  inputs: 0,
  outputs: [],
  config: websocketListenerConfig,
  credentials: websocketListenerCredentials,
  async setup(ctx) {
    const { startWsListener } = await import('./ws-listener.js');
    const listener = await startWsListener(ctx.config, ctx.credentials, ctx.log);
    return { api: listener, close: () => listener.close() };
  },
});
