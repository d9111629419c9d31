import { z } from 'zod';

const idOrAll = (description: string) =>
  z
    .string()
    .trim()
    .regex(/^(\+|[^/+#]+)$/, 'an id without "/", "+" or "#", or "+" for all')
    .default('+')
    .meta({ description });

/** Config of the sparkplug-in node (a Sparkplug B host application). */
export const sparkplugInConfig = z.object({
  broker: z
    .string()
    .min(1, 'choose an MQTT broker')
    .meta({ description: 'The MQTT broker config node.', configRef: 'mqtt-broker' }),
  groupId: idOrAll('Group to listen to; `+` for all.'),
  edgeNodeId: idOrAll('Edge node to listen to; `+` for all.'),
  requestRebirth: z.boolean().default(true).meta({
    description:
      'Send `Node Control/Rebirth` (NCMD) when data arrives out of sequence or from a node whose birth was missed.',
  }),
});

export type SparkplugInConfig = z.output<typeof sparkplugInConfig>;
