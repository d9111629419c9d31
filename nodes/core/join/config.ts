import { msgPathSchema } from '@millwright/sdk';
import { z } from 'zod';
import { VALUE_TYPES, valueProblem } from '../change/typed-value.js';
import { jsonataProblem } from '../jsonata-expression.js';

/** Config of the join node. */
export const joinConfig = z
  .object({
    mode: z.enum(['auto', 'manual', 'reduce']).default('auto').meta({
      description:
        '`auto`: rebuild what a split node cut, using `msg.parts`. `manual`: collect messages into one. `reduce`: fold a sequence (`msg.parts`) into one value with a JSONata expression.',
    }),
    reduceExpression: z
      .string()
      .default('')
      .meta({
        description:
          'Reduce mode: JSONata expression over each message giving the new accumulated value: `$A` is the value so far, `$I` the message index, `$N` the count (`$A + payload`).',
        showWhen: { mode: ['reduce'] },
      }),
    reduceInit: z
      .string()
      .default('')
      .meta({ description: 'Reduce mode: the first `$A`.', showWhen: { mode: ['reduce'] } }),
    reduceInitType: z
      .enum([...VALUE_TYPES, 'jsonata'])
      .default('number')
      .meta({ description: 'Reduce mode: type of `reduceInit`.', showWhen: { mode: ['reduce'] } }),
    reduceFixup: z
      .string()
      .default('')
      .meta({
        description: 'Reduce mode: optional JSONata expression applied to the result (`$A`, `$N`), e.g. `$A / $N`.',
        showWhen: { mode: ['reduce'] },
      }),
    reduceRight: z
      .boolean()
      .default(false)
      .meta({
        description: 'Reduce mode: fold from the last message to the first.',
        showWhen: { mode: ['reduce'] },
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
    if (cfg.mode === 'reduce') {
      const add = (path: string, message: string | undefined) =>
        message && ctx.addIssue({ code: 'custom', path: [path], message });
      add('reduceExpression', jsonataProblem(cfg.reduceExpression));
      if (cfg.reduceFixup.trim()) add('reduceFixup', jsonataProblem(cfg.reduceFixup));
      add(
        'reduceInit',
        cfg.reduceInitType === 'jsonata'
          ? jsonataProblem(cfg.reduceInit)
          : valueProblem(cfg.reduceInitType, cfg.reduceInit),
      );
    }
    if (cfg.mode === 'manual' && cfg.count === 0 && cfg.timeoutMs === 0)
      ctx.addIssue({
        code: 'custom',
        path: ['count'],
        message: 'a manual join needs a count or a timeoutMs (msg.complete also sends early)',
      });
  });

export type JoinConfig = z.output<typeof joinConfig>;
