import { msgPathSchema } from '@millwright/sdk';
import { z } from 'zod';

/** Fields every widget has: its page, place and size. Spread into each widget's schema. */
export const widgetFields = {
  page: z
    .string()
    .min(1, 'choose a dashboard page')
    .meta({ description: 'The `ui-page` config node the widget is shown on.', configRef: 'ui-page' }),
  label: z.string().default('').meta({ description: 'Title shown on the widget; empty: the node name.' }),
  order: z.number().int().min(0).default(0).meta({ description: 'Position on the page: lower comes first.' }),
  width: z.number().int().min(1).max(4).default(1).meta({
    description: 'Columns the widget spans: a page has as many 300 px columns as fit (3 at 1024 px, 6 at 1920 px).',
  }),
};

/** Fields of widgets that show a value from their input messages. */
export const displayFields = {
  ...widgetFields,
  property: msgPathSchema('Message property with the value to show.').default('payload'),
  topic: z.string().default('').meta({
    description:
      'Only messages with this `msg.topic` (or one of several, comma-separated: `good, reject`) update the widget; empty: every message.',
  }),
};

/** A value band: from `from` up, the widget shows `level` (the next band's `from` ends it). */
export const thresholdSchema = z.object({
  from: z.number().meta({ description: 'Lower bound of the band (inclusive).' }),
  level: z.enum(['ok', 'warning', 'alarm']).meta({ description: 'How the value is shown in this band.' }),
});

export const thresholdsField = z
  .array(thresholdSchema)
  .default([])
  .meta({ description: 'Bands by value, e.g. below 60 alarm, from 60 warning, from 80 ok.', widget: 'table' });

export type WidgetBase = z.output<z.ZodObject<typeof widgetFields>>;
export type DisplayBase = z.output<z.ZodObject<typeof displayFields>>;
