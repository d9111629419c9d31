import { storeAndForwardFields, storeAndForwardMode } from '@millwright/outbox';
import { z } from 'zod';
import { qosSchema } from '../mqtt-in/config.js';

const level = (description: string) =>
  z
    .string()
    .trim()
    .default('')
    .meta({ description, showWhen: { topicSource: ['isa95'] } });

/** Config of the mqtt-out node. */
export const mqttOutConfig = z
  .object({
    broker: z
      .string()
      .min(1, 'choose an MQTT broker')
      .meta({ description: 'The MQTT broker config node.', configRef: 'mqtt-broker' }),
    topicSource: z.enum(['config', 'message', 'isa95']).default('config').meta({
      description:
        'config: the `topic` field. message: msg.topic. isa95: enterprise/site/area/line/cell from the fields below (msg.isa95 may override levels), then `topic` or msg.topic.',
    }),
    topic: z
      .string()
      .trim()
      .default('')
      .meta({
        description: 'Topic (config), or the part after the ISA-95 levels (isa95; msg.topic when empty).',
        examples: ['acme/plant1/assembly/line1/machine1/state'],
        showWhen: { topicSource: ['config', 'isa95'] },
      }),
    isa95: z
      .object({
        enterprise: level('Enterprise level, e.g. `acme`.'),
        site: level('Site level, e.g. `plant1`.'),
        area: level('Area level, e.g. `assembly`.'),
        line: level('Line level, e.g. `line1`.'),
        cell: level('Cell level, e.g. `cell3`.'),
      })
      .default({ enterprise: '', site: '', area: '', line: '', cell: '' })
      .meta({ description: 'ISA-95 hierarchy of the topic.', showWhen: { topicSource: ['isa95'] } }),
    qos: qosSchema.default(1).meta({ description: '0 at most once, 1 at least once, 2 exactly once.' }),
    retain: z
      .boolean()
      .default(false)
      .meta({ description: 'Ask the broker to keep the last message for new subscribers.' }),
    storeAndForward: storeAndForwardMode(
      'on for QoS 1 and 2 (the broker must acknowledge each message: it stays on disk until the PUBACK/PUBCOMP), off for QoS 0 (at most once).',
    ),
    // A broker outage is no reason to give up on a message: retry forever, but come back fast.
    ...storeAndForwardFields({ maxQueued: 100_000, maxAttempts: 0, baseDelayMs: 500, maxDelayMs: 10_000 }),
  })
  .superRefine((cfg, ctx) => {
    if (cfg.topicSource === 'config' && !cfg.topic)
      ctx.addIssue({
        code: 'custom',
        path: ['topic'],
        message: 'a topic is required when the topic comes from the config',
      });
    if (cfg.topicSource === 'config' && /[+#]/.test(cfg.topic))
      ctx.addIssue({ code: 'custom', path: ['topic'], message: 'a topic to publish to must not contain "+" or "#"' });
    if (cfg.maxDelayMs < cfg.baseDelayMs)
      ctx.addIssue({ code: 'custom', path: ['maxDelayMs'], message: 'must be at least baseDelayMs' });
  });

export type MqttOutConfig = z.output<typeof mqttOutConfig>;
