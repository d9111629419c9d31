import { storeAndForwardFields, storeAndForwardMode } from '@millwright/outbox';
import { z } from 'zod';

const id = (description: string) =>
  z
    .string()
    .trim()
    .min(1, 'required')
    .regex(/^[^/+#]+$/, 'must not contain "/", "+" or "#"')
    .meta({ description });

/** Config of the sparkplug-out node (a Sparkplug B edge node). */
export const sparkplugOutConfig = z.object({
  broker: z.string().min(1, 'choose an MQTT broker').meta({
    description: 'The MQTT broker config node; this node opens its own session with it.',
    configRef: 'mqtt-broker',
  }),
  groupId: id('Sparkplug group id, e.g. `plant1`.'),
  edgeNodeId: id('Edge node id, unique in the group, e.g. `line1-gateway`.'),
  deviceId: z
    .string()
    .trim()
    .regex(/^[^/+#]*$/, 'must not contain "/", "+" or "#"')
    .default('')
    .meta({ description: 'Device id; when set, metrics go to DBIRTH/DDATA of this device, else to the edge node.' }),
  primaryHostId: z
    .string()
    .trim()
    .regex(/^[^/+#]*$/, 'must not contain "/", "+" or "#"')
    .default('')
    .meta({
      description:
        'Sparkplug host id of the primary host application. When set, the edge node follows `spBv1.0/STATE/<id>`: it sends its birth only once that host is online, and when the host goes offline it sends NDEATH, reconnects and waits; values taken meanwhile are stored and forwarded like values taken while the broker is unreachable.',
    }),
  storeAndForward: storeAndForwardMode(
    'on. Values that arrive while the broker (or the primary host) is unreachable are kept on disk and, after the next birth, sent as NDATA/DDATA with their original timestamps and `is_historical` set (Sparkplug store and forward); the birth carries the latest values.',
  ),
  ...storeAndForwardFields({ maxQueued: 100_000, maxAttempts: 0, baseDelayMs: 500, maxDelayMs: 10_000 }),
});

export type SparkplugOutConfig = z.output<typeof sparkplugOutConfig>;
