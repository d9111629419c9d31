import { z } from 'zod';
import { widgetFields } from './widget-fields.js';

/** Fields of every input widget. */
export const inputFields = {
  ...widgetFields,
  topic: z.string().default('').meta({ description: '`msg.topic` of the messages the widget sends.' }),
  confirm: z.string().default('').meta({
    description: 'Question of a confirmation dialog shown before sending (e.g. "Stop the line?"); empty: none.',
  }),
};

/** A choice of a dropdown or of a form's select field. */
export const optionSchema = z.object({
  value: z.string().min(1).meta({ description: 'Value sent.' }),
  label: z.string().default('').meta({ description: 'Text shown; empty: the value.' }),
});
