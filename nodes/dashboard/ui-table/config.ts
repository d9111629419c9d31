import { z } from 'zod';
import { displayFields } from '../lib/widget-fields.js';

/** Config of a table. */
export const uiTableConfig = z.object({
  ...displayFields,
  columns: z
    .array(z.object({ key: z.string().min(1), label: z.string().default('') }))
    .default([])
    .meta({ description: 'Columns: the row key and its heading. Empty: the keys of the first row.', widget: 'table' }),
  pageSize: z.number().int().min(1).max(100).default(10).meta({ description: 'Rows per page.' }),
  append: z.boolean().default(false).meta({
    description:
      'Each value is one row added on top (the page keeps the last 200); off: each value is the whole table (a list of rows).',
  }),
});
