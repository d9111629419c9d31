import { z } from 'zod';
import { displayFields, thresholdsField } from '../lib/widget-fields.js';

/** Config of a value tile. */
export const uiValueConfig = z.object({
  ...displayFields,
  unit: z.string().default('').meta({ description: 'Unit shown after the value, e.g. `°C`.' }),
  decimals: z.number().int().min(0).max(6).optional().meta({ description: 'Decimals of numbers; unset: as sent.' }),
  thresholds: thresholdsField,
});
