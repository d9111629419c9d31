import { z } from 'zod';
import { displayFields } from '../lib/widget-fields.js';

/** Config of a downtime Pareto. */
export const uiParetoConfig = z.object({
  ...displayFields,
  property: displayFields.property.default('payload.losses'),
  top: z.number().int().min(1).max(20).default(8).meta({ description: 'Reasons shown; the rest sum up as "other".' }),
});
