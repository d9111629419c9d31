import { z } from 'zod';
import { displayFields } from '../lib/widget-fields.js';

/** Config of an OEE tile. */
export const uiOeeConfig = z.object({
  ...displayFields,
  target: z
    .number()
    .min(0)
    .max(1)
    .default(0.85)
    .meta({ description: 'OEE target (0..1): below it the OEE figure shows as a warning.' }),
});
