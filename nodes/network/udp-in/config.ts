import { z } from 'zod';
import { dataFormat, listenHost, port } from '../lib/schema.js';

/** Config of the udp-in node. */
export const udpInConfig = z.object({
  host: listenHost(),
  port: port('UDP port to receive on.'),
  ipVersion: z.enum(['udp4', 'udp6']).default('udp4').meta({ description: 'IPv4 or IPv6.' }),
  multicastGroup: z.string().trim().default('').meta({
    description:
      'Multicast group to join, e.g. `239.1.2.3` (set `host` to `0.0.0.0` to receive it from the network). Empty: unicast and broadcast only.',
  }),
  multicastInterface: z.string().trim().default('').meta({
    description: 'Local address of the interface to join the group on; empty: the system picks.',
    advanced: true,
  }),
  format: dataFormat(),
});

export type UdpInConfig = z.output<typeof udpInConfig>;
