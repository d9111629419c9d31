import { z } from 'zod';
import { inputFields } from '../lib/input-fields.js';

/** Config of a button. */
export const uiButtonConfig = z.object({
  ...inputFields,
  payload: z
    .string()
    .default('')
    .meta({ description: 'Payload sent: JSON (`{"command":"start"}`, `42`) or else the text as it is.' }),
  level: z.enum(['normal', 'primary', 'danger']).default('normal').meta({ description: 'Colour of the button.' }),
});

export type UiButtonConfig = z.output<typeof uiButtonConfig>;
