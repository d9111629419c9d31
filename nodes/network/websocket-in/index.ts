import { defineNode } from '@millwright/sdk';
import { websocketInConfig } from './config.js';

/** Receives websocket messages. */
export default defineNode({
  type: 'websocket-in',
  category: 'network',
  version: 1,
  label: 'websocket in',
  description:
    'Sends a message per websocket frame received on a listener (clients connect to the flow) or a client connection (the flow connects to a server): text as a string, binary as bytes, or the whole message as JSON; msg._session names the peer for a websocket-out reply.',
  inputs: 0,
  outputs: ['messages'],
  icon: 'message-square',
  config: websocketInConfig,
  async setup(ctx) {
    const { createWebsocketIn } = await import('./websocket-in.js');
    return createWebsocketIn(ctx);
  },
});
