import { msgPathSchema } from '@millwright/sdk';
import { z } from 'zod';
import { dbFields, requireDb, maxRowsField } from '../db/node-fields.js';
import { parseSql } from '../db/parameters.js';

/** Config of the sql-transaction node. */
export const sqlTransactionConfig = z
  .object({
    ...dbFields,
    statements: z
      .array(
        z.object({
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
            .meta({ description: 'One statement with `:name` or `?` parameters.', widget: 'code' }),
          params: msgPathSchema('Where its parameter values are (object or array).').default('payload'),
        }),
      )
      .min(1)
      .meta({
        description:
          'Statements run in order in one transaction. If any fails, every one is rolled back and the error goes to catch nodes.',
      }),
    maxRows: maxRowsField,
  })
  .superRefine(requireDb);
export type SqlTransactionConfig = z.output<typeof sqlTransactionConfig>;
