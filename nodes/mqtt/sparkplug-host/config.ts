import { z } from 'zod';

/** Config of the sparkplug-host node (a Sparkplug B 3.0 host application with STATE). */
export const sparkplugHostConfig = z.object({
  broker: z.string().min(1, 'choose an MQTT broker').meta({
    description:
      'The MQTT broker config node; this node opens its own session with it (its will is its offline STATE).',
    configRef: 'mqtt-broker',
  }),
  hostId: z
    .string()
    .trim()
    .min(1, 'required')
    .regex(/^[^/+#]+$/, 'must not contain "/", "+" or "#"')
    .meta({
      description:
        'Sparkplug host id, unique among the host applications on the broker; STATE goes to `spBv1.0/STATE/<hostId>`. Edge nodes that name it as their primary host wait for it.',
      examples: ['scada-primary'],
    }),
  groupId: z
    .string()
    .trim()
    .regex(/^(\+|[^/+#]+)$/, 'a group id without "/", "+" or "#", or "+" for all')
    .default('+')
    .meta({ description: 'Group to follow; `+` for every group (`spBv1.0/#`).' }),
  requestRebirth: z.boolean().default(true).meta({
    description:
      'Send `Node Control/Rebirth` (NCMD) to an edge node when this host lost track of it: a sequence gap, data before its birth or from a device not born, an alias no birth announced; also to every known edge node after this host reconnected. At most one request per edge node every 2 s.',
  }),
  reorderTimeoutMs: z.number().int().min(0).max(60_000).default(0).meta({
    description:
      "Reorder Timeout (Sparkplug 3.0): how long a message that arrives ahead of its seq is held for the missing ones; they are then handled in order. When it elapses, the gap counts (rebirth request). 0: no waiting, a gap counts at once; MQTT keeps one publisher's messages in order, so only bridged or clustered brokers reorder.",
    advanced: true,
  }),
});

export type SparkplugHostConfig = z.output<typeof sparkplugHostConfig>;
