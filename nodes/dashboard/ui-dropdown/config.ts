import { z } from 'zod';
import { inputFields, optionSchema } from '../lib/input-fields.js';

/** Config of a dropdown. */
export const uiDropdownConfig = z.object({
  ...inputFields,
  options: z.array(optionSchema).min(1).meta({ description: 'The choices.', widget: 'table' }),
  placeholder: z.string().default('Choose…').meta({ description: 'Text shown before a choice.' }),
});
