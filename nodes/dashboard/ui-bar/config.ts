import { z } from 'zod';
import { displayFields } from '../lib/widget-fields.js';

/** Config of a bar chart. */
export const uiBarConfig = z.object({
  ...displayFields,
  unit: z.string().default('').meta({ description: 'Unit shown after each value.' }),
});
