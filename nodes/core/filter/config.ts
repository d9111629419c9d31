import { msgPathSchema } from '@millwright/sdk';
import { z } from 'zod';

const numeric = ['deadband', 'deadbandEq', 'narrowband', 'narrowbandEq'];

/** Config of the filter node (Node-RED's rbe: report by exception). */
export const filterConfig = z.object({
  mode: z.enum(['rbe', 'rbei', 'deadband', 'deadbandEq', 'narrowband', 'narrowbandEq']).default('rbe').meta({
    description:
      '`rbe`: pass only when the value changed (any type, objects compared deeply). `rbei`: the same, but the first value is not sent. `deadband`: pass a number only when it differs from the last one by more than `gap` (`deadbandEq`: by `gap` or more). `narrowband`: pass only when it differs by at most `gap` (`narrowbandEq`: by less than `gap`), e.g. to drop outliers.',
  }),
  gap: z
    .number()
    .min(0)
    .default(0)
    .meta({
      description: 'Deadband or narrowband width, in units or in percent (`gapPercent`).',
      showWhen: { mode: numeric },
    }),
  gapPercent: z
    .boolean()
    .default(false)
    .meta({
      description: '`gap` is a percentage of the value it is compared to.',
      showWhen: { mode: numeric },
    }),
  compareTo: z
    .enum(['lastOutput', 'lastInput'])
    .default('lastOutput')
    .meta({
      description: 'Compare with the last value that passed, or with the last value received.',
      showWhen: { mode: numeric },
    }),
  start: z
    .number()
    .optional()
    .meta({
      description: 'Narrowband: the value the first one is compared to; unset: the first value itself.',
      showWhen: { mode: ['narrowband', 'narrowbandEq'] },
    }),
  property: msgPathSchema('Message property to watch, e.g. `payload`.').default('payload'),
  perTopic: z.boolean().default(true).meta({ description: 'Keep a separate last value for each topic.' }),
  topicProperty: msgPathSchema('Message property that tells topics apart.')
    .default('topic')
    .meta({
      description: 'Message property that tells topics apart.',
      showWhen: { perTopic: [true] },
    }),
  maxTopics: z.number().int().min(1).default(10_000).meta({
    description: 'Most topics remembered; one more forgets the topic seen least recently.',
    advanced: true,
  }),
});

export type FilterConfig = z.output<typeof filterConfig>;
