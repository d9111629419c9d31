import { msgPathSchema } from '@millwright/sdk';
import { z } from 'zod';

/** Config of the json node. */
export const jsonConfig = z.object({
  action: z.enum(['auto', 'parse', 'stringify']).default('auto').meta({
    description:
      '`auto`: parse a string (or bytes), stringify anything else. `parse`: always end with a value (a value that is already parsed passes). `stringify`: always end with a string (a string passes).',
  }),
  property: msgPathSchema('Message property to convert, e.g. `payload` or `payload.body`.').default('payload'),
  pretty: z
    .boolean()
    .default(false)
    .meta({ description: 'Indent the JSON text with 4 spaces when stringifying.', advanced: true }),
});

export type JsonConfig = z.output<typeof jsonConfig>;
