import { z } from 'zod';
import { displayFields } from '../lib/widget-fields.js';

/** Config of a time-series chart. */
export const uiChartConfig = z.object({
  ...displayFields,
  windowMs: z
    .number()
    .int()
    .min(10_000)
    .max(86_400_000)
    .default(600_000)
    .meta({ description: 'Time shown, newest at the right (ms). The page keeps at most 200 points per widget.' }),
  series: z
    .array(z.object({ name: z.string().min(1), property: z.string().min(1) }))
    .default([])
    .meta({
      description:
        'Several series from one message: each `property` is read from the value (e.g. `good`, `reject` of `{ good, reject }`). Empty: the value is one series, named by `msg.topic`.',
      widget: 'table',
    }),
  unit: z.string().default('').meta({ description: 'Unit of the value axis.' }),
});
