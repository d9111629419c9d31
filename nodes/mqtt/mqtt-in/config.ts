import { z } from 'zod';
import { filterProblem } from '../mqtt-broker/topic-match.js';
import { PAYLOAD_FORMATS } from './payload.js';

export const qosSchema = z.union([z.literal(0), z.literal(1), z.literal(2)]);

/** Config of the mqtt-in node. */
export const mqttInConfig = z.object({
  broker: z
    .string()
    .min(1, 'choose an MQTT broker')
    .meta({ description: 'The MQTT broker config node.', configRef: 'mqtt-broker' }),
  topic: z
    .string()
    .superRefine((t, ctx) => {
      const problem = filterProblem(t);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .meta({
      description: 'Topic filter; `+` matches one level, `#` the rest. `$share/<group>/<filter>` shares the load.',
      examples: ['acme/plant1/+/line1/#', 'sensors/+/temperature'],
    }),
  qos: qosSchema
    .default(1)
    .meta({ description: 'Highest QoS to receive with: 0 at most once, 1 at least once, 2 exactly once.' }),
  payloadFormat: z.enum(PAYLOAD_FORMATS).default('auto').meta({
    description:
      'auto: JSON if it parses, else text, else bytes. json: parse or raise an error. text: UTF-8 string. binary: bytes.',
  }),
  noLocal: z
    .boolean()
    .default(false)
    .meta({ description: 'MQTT 5: do not receive messages this connection published.', advanced: true }),
});

export type MqttInConfig = z.output<typeof mqttInConfig>;
