import { msgPathSchema } from '@millwright/sdk';
import { z } from 'zod';

const bound = (description: string, def: number) => z.number().finite().default(def).meta({ description });

/** Config of the range node. */
export const rangeConfig = z
  .object({
    property: msgPathSchema('Message property holding the number, e.g. `payload`.').default('payload'),
    action: z.enum(['scale', 'clamp', 'drop', 'wrap']).default('scale').meta({
      description:
        '`scale`: map linearly, also outside the input range. `clamp`: limit to the input range first. `drop`: drop messages outside the input range. `wrap`: wrap into the input range first (modulo).',
    }),
    inMin: bound('Low end of the input range.', 0),
    inMax: bound('High end of the input range.', 10),
    outMin: bound('Value that `inMin` maps to.', 0),
    outMax: bound('Value that `inMax` maps to.', 100),
    round: z.boolean().default(false).meta({ description: 'Round the result to the nearest integer.' }),
  })
  .superRefine((cfg, ctx) => {
    if (cfg.inMin === cfg.inMax)
      ctx.addIssue({ code: 'custom', path: ['inMax'], message: 'must differ from inMin (the input range is empty)' });
  });

export type RangeConfig = z.output<typeof rangeConfig>;
