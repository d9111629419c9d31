import { defineNode } from '@millwright/sdk';
import { udpOutConfig } from './config.js';

/** Sends msg.payload as a UDP datagram. */
export default defineNode({
  type: 'udp-out',
  category: 'network',
  version: 1,
  label: 'udp out',
  description:
    'Sends msg.payload as one UDP datagram to a host and port (or msg.ip / msg.port), unicast, broadcast or multicast, through the outbound policy.',
  inputs: 1,
  outputs: [],
  icon: 'upload',
  config: udpOutConfig,
  async setup(ctx) {
    const { createUdpOut } = await import('./udp-out.js');
    return createUdpOut(ctx);
  },
});
