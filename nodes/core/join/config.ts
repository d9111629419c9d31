import { msgPathSchema } from '@millwright/sdk';
import { z } from 'zod';

/** Config of the join node. */
export const joinConfig = z
  .object({
    mode: z.enum(['auto', 'manual']).default('auto').meta({
      description: '`auto`: rebuild what a split node cut, using `msg.parts`. `manual`: collect messages into one.',
    }),
    build: z
      .enum(['array', 'object', 'string', 'buffer', 'merged'])
      .default('array')
      .meta({
        description:
          'Manual mode: what to build from the collected values. `merged`: one object with the keys of every collected object (later values win); `count` then counts keys, as in Node-RED.',
        showWhen: { mode: ['manual'] },
      }),
    property: msgPathSchema('Manual mode: property whose values are collected, and that receives the result.')
      .default('payload')
      .meta({ showWhen: { mode: ['manual'] } }),
    keyProperty: msgPathSchema("Manual mode, object: property holding each value's key.")
      .default('topic')
      .meta({ showWhen: { mode: ['manual'], build: ['object'] } }),
    joiner: z
      .string()
      .default('\n')
      .meta({
        description: 'Manual mode, string: text between values (`\\n` may be typed as an escape).',
        showWhen: { mode: ['manual'], build: ['string'] },
      }),
    count: z
      .number()
      .int()
      .min(0)
      .default(0)
      .meta({
        description:
          'Manual mode: send after this many messages (0: as many as `msg.parts.count` of the messages says, as in Node-RED; else no count).',
        showWhen: { mode: ['manual'] },
      }),
    timeoutMs: z.number().int().min(0).max(2_147_483_647).default(0).meta({
      description: 'Send an incomplete group this long after its first message (0: wait forever).',
    }),
    maxGroups: z.number().int().min(1).default(1000).meta({
      description:
        'Auto mode: most incomplete sequences kept at once; the oldest is dropped with an error beyond that.',
      advanced: true,
    }),
  })
  .superRefine((cfg, ctx) => {
    if (cfg.mode === 'manual' && cfg.count === 0 && cfg.timeoutMs === 0)
      ctx.addIssue({
        code: 'custom',
        path: ['count'],
        message: 'a manual join needs a count or a timeoutMs (msg.complete also sends early)',
      });
  });

export type JoinConfig = z.output<typeof joinConfig>;
