import { defineNode } from '@millwright/sdk';
import { udpInConfig } from './config.js';

/** Receives UDP datagrams. */
export default defineNode({
  type: 'udp-in',
  category: 'network',
  version: 1,
  label: 'udp in',
  description:
    'Receives UDP datagrams on a port (127.0.0.1 by default; unicast, broadcast or a multicast group) and sends a message per datagram with the sender in msg.ip and msg.port.',
  inputs: 0,
  outputs: ['datagrams'],
  icon: 'download',
  config: udpInConfig,
  async setup(ctx) {
    const { createUdpIn } = await import('./udp-in.js');
    return createUdpIn(ctx);
  },
});
