import { defineNode } from '@millwright/sdk';
import { tcpOutConfig } from './config.js';

/** Sends msg.payload over TCP. */
export default defineNode({
  type: 'tcp-out',
  category: 'network',
  version: 1,
  label: 'tcp out',
  description:
    'Sends msg.payload over TCP: as the reply on a connection a tcp-in node received, to a server it connects to (kept open or one connection per message), or to the clients connected to its own port.',
  inputs: 1,
  outputs: [],
  icon: 'log-out',
  config: tcpOutConfig,
  async setup(ctx) {
    const { createTcpOut } = await import('./tcp-out.js');
    return createTcpOut(ctx);
  },
});
