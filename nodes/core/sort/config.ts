import { msgPathSchema } from '@millwright/sdk';
import { z } from 'zod';
import { jsonataProblem } from '../jsonata-expression.js';

/** Config of the sort node. */
export const sortConfig = z
  .object({
    target: z.enum(['property', 'sequence']).default('property').meta({
      description:
        '`property`: sort the array in one message property. `sequence`: collect a message sequence (`msg.parts`, as from split or batch) and send it on sorted.',
    }),
    property: msgPathSchema('Message property holding the array.')
      .default('payload')
      .meta({
        description: 'Message property holding the array.',
        showWhen: { target: ['property'] },
      }),
    elementKey: msgPathSchema('Path inside each element to sort by, e.g. `temp`; empty: the element itself.', {
      allowEmpty: true,
      msgPrefix: false,
    })
      .default('')
      .meta({
        description: 'Path inside each element to sort by, e.g. `temp`; empty: the element itself.',
        showWhen: { target: ['property'] },
      }),
    key: msgPathSchema('Message property the messages of a sequence are sorted by.')
      .default('payload')
      .meta({
        description: 'Message property the messages of a sequence are sorted by.',
        showWhen: { target: ['sequence'] },
      }),
    keyExpression: z.string().default('').meta({
      description:
        'JSONata expression giving the sort key, over each element (`property`) or each message (`sequence`), e.g. `$substring("0000" & $string(price), -4) & name`. Set, it replaces `elementKey` / `key`.',
      advanced: true,
    }),
    order: z.enum(['ascending', 'descending']).default('ascending').meta({ description: 'Sort order.' }),
    asNumber: z.boolean().default(false).meta({ description: 'Compare keys as numbers (`"10"` after `"9"`).' }),
    maxPending: z
      .number()
      .int()
      .min(1)
      .default(10_000)
      .meta({
        description:
          'Sequence mode: most messages held while sequences are incomplete; beyond that the oldest sequence is dropped with `sort_too_many`.',
        advanced: true,
        showWhen: { target: ['sequence'] },
      }),
  })
  .superRefine((cfg, ctx) => {
    const problem = cfg.keyExpression ? jsonataProblem(cfg.keyExpression) : undefined;
    if (problem) ctx.addIssue({ code: 'custom', path: ['keyExpression'], message: problem });
  });

export type SortConfig = z.output<typeof sortConfig>;
