import { z } from 'zod';
import { inputFields, optionSchema } from '../lib/input-fields.js';

const field = z.object({
  name: z
    .string()
    .regex(/^[A-Za-z_][\w]*$/, 'a name like `quantity`')
    .meta({ description: 'Key in the payload.' }),
  label: z.string().default('').meta({ description: 'Label shown; empty: the name.' }),
  type: z.enum(['text', 'number', 'select']).default('text').meta({ description: 'Kind of input.' }),
  required: z.boolean().default(false).meta({ description: 'The field must be filled in.' }),
  min: z.number().optional().meta({ description: 'Numbers: smallest value.' }),
  max: z.number().optional().meta({ description: 'Numbers: largest value.' }),
  pattern: z.string().optional().meta({ description: 'Text: a regular expression the whole value must match.' }),
  options: z.array(optionSchema).default([]).meta({ description: 'Select: the choices.' }),
});

/** Config of a form. */
export const uiFormConfig = z.object({
  ...inputFields,
  fields: z.array(field).min(1).meta({ description: 'The fields, in order.', widget: 'table' }),
  submitLabel: z.string().default('Submit').meta({ description: 'Text of the submit button.' }),
});

export type UiFormConfig = z.output<typeof uiFormConfig>;
