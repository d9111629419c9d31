import { z } from 'zod';
import { enumNamesOption } from '../opcua-endpoint/value-options.js';
import { opcuaItem } from '../opcua-read/config.js';

/** Config of the opcua-subscribe node. */
export const opcuaSubscribeConfig = z
  .object({
    endpoint: z
      .string()
      .min(1, 'choose an OPC UA endpoint')
      .meta({ description: 'The OPC UA endpoint config node.', configRef: 'opcua-endpoint' }),
    items: z
      .array(opcuaItem)
      .min(1, 'add at least one variable to monitor')
      .meta({ description: 'Variables to monitor; each change is sent as one message with msg.topic = name.' }),
    enumNames: enumNamesOption,
    samplingIntervalMs: z.number().int().min(0).default(500).meta({
      description:
        'How often the server samples each variable; 0 asks for the fastest rate (exception-based on servers that support it).',
    }),
    publishingIntervalMs: z
      .number()
      .int()
      .min(10)
      .default(1000)
      .meta({ description: 'How often the server sends the queued changes (servers may raise it, e.g. to 50 ms).' }),
    queueSize: z
      .number()
      .int()
      .min(1)
      .max(5000)
      .default(10)
      .meta({ description: 'Changes the server keeps per variable between two publishes.', advanced: true }),
    discardOldest: z
      .boolean()
      .default(true)
      .meta({ description: 'When the queue is full drop the oldest change (else the newest).', advanced: true }),
    deadbandType: z.enum(['none', 'absolute', 'percent']).default('none').meta({
      description: 'Ignore small changes: by an absolute amount, or by a percentage of the EURange (analog items).',
    }),
    deadbandValue: z
      .number()
      .min(0)
      .default(0)
      .meta({ description: 'Deadband size.', showWhen: { deadbandType: ['absolute', 'percent'] } }),
  })
  .superRefine((cfg, ctx) => {
    if (cfg.deadbandType === 'percent' && cfg.deadbandValue > 100)
      ctx.addIssue({ code: 'custom', path: ['deadbandValue'], message: 'a percent deadband is at most 100' });
  });

export type OpcuaSubscribeConfig = z.output<typeof opcuaSubscribeConfig>;
