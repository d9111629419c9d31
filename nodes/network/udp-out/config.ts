import { z } from 'zod';

/** Config of the udp-out node. */
export const udpOutConfig = z.object({
  host: z
    .string()
    .trim()
    .default('')
    .meta({
      description:
        'Destination address or host name; empty: msg.ip. For broadcast e.g. `255.255.255.255`, for multicast the group. The outbound policy applies.',
      examples: ['10.20.0.40', '255.255.255.255', '239.1.2.3'],
    }),
  port: z.number().int().min(0).max(65_535).default(0).meta({ description: 'Destination port; 0: msg.port.' }),
  mode: z.enum(['unicast', 'broadcast', 'multicast']).default('unicast').meta({ description: 'How to send.' }),
  localPort: z
    .number()
    .int()
    .min(0)
    .max(65_535)
    .default(0)
    .meta({ description: 'Local port to send from; 0: any free one.', advanced: true }),
  ipVersion: z.enum(['udp4', 'udp6']).default('udp4').meta({ description: 'IPv4 or IPv6.' }),
  multicastInterface: z
    .string()
    .trim()
    .default('')
    .meta({
      description: 'Local address of the interface to send multicast on; empty: the system picks.',
      advanced: true,
      showWhen: { mode: ['multicast'] },
    }),
  decodeBase64: z
    .boolean()
    .default(false)
    .meta({ description: 'msg.payload is base64 text: send the bytes it encodes.' }),
});

export type UdpOutConfig = z.output<typeof udpOutConfig>;
