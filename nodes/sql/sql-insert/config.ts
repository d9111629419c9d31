import { msgPathSchema } from '@millwright/sdk';
import { z } from 'zod';
import { identifierProblem } from '../db/sql-db.js';
import { dbFields, requireDb } from '../db/node-fields.js';

const identifier = (description: string) =>
  z
    .string()
    .superRefine((v, ctx) => {
      const problem = identifierProblem(v);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .meta({ description });

/** Config of the sql-insert node. */
export const sqlInsertConfig = z
  .object({
    ...dbFields,
    table: identifier('Table to insert into (`table` or `schema.table`).'),
    from: msgPathSchema('Where the rows are: an array of objects (or one object), keys are column names.').default(
      'payload',
    ),
    columns: z.array(identifier('Column.')).default([]).meta({
      description:
        'Columns to write, in order; empty: the keys of the first row. A key of a row that is not listed is ignored; a listed column missing from a row is NULL.',
    }),
    onConflict: z.enum(['error', 'update', 'ignore']).default('error').meta({
      description:
        'When a row collides with an existing one on the conflict key: fail the whole batch, update the existing row (upsert), or keep the existing row.',
    }),
    conflictKey: z.array(identifier('Column.')).default([]).meta({
      description:
        'Columns of the unique key that decides a conflict (PostgreSQL and SQLite need it for update, SQL Server for update and ignore; MySQL uses its unique keys).',
    }),
  })
  .superRefine((cfg, ctx) => {
    requireDb(cfg, ctx);
    if (cfg.onConflict === 'update' && cfg.conflictKey.length === 0)
      ctx.addIssue({ code: 'custom', path: ['conflictKey'], message: 'an upsert needs the conflict key columns' });
    if (cfg.database === 'mssql' && cfg.onConflict === 'ignore' && cfg.conflictKey.length === 0)
      ctx.addIssue({ code: 'custom', path: ['conflictKey'], message: 'SQL Server needs the conflict key columns' });
  });
export type SqlInsertConfig = z.output<typeof sqlInsertConfig>;
