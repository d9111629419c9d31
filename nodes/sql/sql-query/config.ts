import { msgPathSchema } from '@millwright/sdk';
import { z } from 'zod';
import { dbFields, requireDb, maxRowsField, paramsField } from '../db/node-fields.js';
import { parseSql } from '../db/parameters.js';

/** Config of the sql-query node. */
export const sqlQueryConfig = z
  .object({
    ...dbFields,
    sql: z
      .string()
      .min(1)
      .superRefine((sql, ctx) => {
        try {
          parseSql(sql, () => '?');
        } catch (err) {
          ctx.addIssue({ code: 'custom', message: (err as Error).message });
        }
      })
      .meta({
        description:
          'One statement with `:name` or `?` parameters. It is fixed here: message values are only ever bound as parameters, never written into the SQL.',
        examples: ['SELECT * FROM orders WHERE line = :line AND qty > :minQty'],
        widget: 'code',
      }),
    params: paramsField,
    output: msgPathSchema('Where the result rows go.').default('payload'),
    maxRows: maxRowsField,
  })
  .superRefine(requireDb);
export type SqlQueryConfig = z.output<typeof sqlQueryConfig>;
