import { defineNode } from '@millwright/sdk';
import { tcpInConfig } from './config.js';

/** Receives data over TCP, as a server or as a client. */
export default defineNode({
  type: 'tcp-in',
  category: 'network',
  version: 1,
  label: 'tcp in',
  description:
    'Receives TCP data: listens on a port (server) or connects to one (client), and sends a message per chunk, per delimited part (such as per line) or per connection, with msg._session naming the connection for a tcp-out reply.',
  inputs: 0,
  outputs: ['data'],
  icon: 'log-in',
  config: tcpInConfig,
  async setup(ctx) {
    const { createTcpIn } = await import('./tcp-in.js');
    return createTcpIn(ctx);
  },
});
