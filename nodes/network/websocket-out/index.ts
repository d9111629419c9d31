import { defineNode } from '@millwright/sdk';
import { websocketOutConfig } from './config.js';

/** Sends websocket messages. */
export default defineNode({
  type: 'websocket-out',
  category: 'network',
  version: 1,
  label: 'websocket out',
  description:
    'Sends msg.payload (or the whole message as JSON) over a websocket: through a listener to the client msg._session names, or to every connected client without one; or over a client connection to its server.',
  inputs: 1,
  outputs: [],
  icon: 'message-square',
  config: websocketOutConfig,
  async setup(ctx) {
    const { createWebsocketOut } = await import('./websocket-out.js');
    return createWebsocketOut(ctx);
  },
});
