import { z } from 'zod';
import { widgetFields } from '../lib/widget-fields.js';

/** Config of an SPC control chart. */
export const uiSpcConfig = z.object({
  ...widgetFields,
  source: z
    .string()
    .min(1, 'choose a quality-check node')
    .meta({
      description: 'The quality-check node whose control chart is shown.',
      nodeRef: { types: ['quality-check'] },
    }),
  characteristic: z
    .string()
    .default('')
    .meta({ description: 'Characteristic to plot; empty: the first one the node reports.' }),
  points: z.number().int().min(5).max(200).default(50).meta({ description: 'Points shown, newest right.' }),
});
