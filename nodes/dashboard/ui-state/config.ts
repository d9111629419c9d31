import { z } from 'zod';
import { displayFields } from '../lib/widget-fields.js';

/** Config of a state indicator. */
export const uiStateConfig = z.object({
  ...displayFields,
  states: z
    .array(z.object({ state: z.string().min(1), level: z.enum(['ok', 'warning', 'alarm', 'idle']) }))
    .default([
      { state: 'running', level: 'ok' },
      { state: 'idle', level: 'warning' },
      { state: 'down', level: 'alarm' },
      { state: 'planned-stop', level: 'idle' },
    ])
    .meta({ description: 'How each state is shown; other states show as `idle`.', widget: 'table' }),
  timelineMs: z.number().int().min(0).max(86_400_000).default(3_600_000).meta({
    description:
      'Length of the timeline of states and reasons under the lamp (ms; the page keeps the last 200 changes); 0: no timeline.',
  }),
});
