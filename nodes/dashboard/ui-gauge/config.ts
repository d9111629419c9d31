import { z } from 'zod';
import { displayFields, thresholdsField } from '../lib/widget-fields.js';

/** Config of a gauge. */
export const uiGaugeConfig = z
  .object({
    ...displayFields,
    min: z.number().default(0).meta({ description: 'Value at the start of the arc.' }),
    max: z.number().default(100).meta({ description: 'Value at the end of the arc.' }),
    unit: z.string().default('').meta({ description: 'Unit shown under the value.' }),
    thresholds: thresholdsField,
  })
  .refine((c) => c.max > c.min, { message: 'max must be above min', path: ['max'] });
