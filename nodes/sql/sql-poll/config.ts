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

/** Config of the sql-poll node. */
export const sqlPollConfig = z
  .object({
    ...dbFields,
    table: identifier('Table (or view) to watch.'),
    watermark: identifier(
      'Column that grows with every new or changed row: an id from a sequence, or a timestamp set on each write. Rows with a value above the last one handed over are new.',
    ),
    intervalMs: z.number().int().min(50).default(1_000).meta({ description: 'Poll every this many ms.' }),
    batchSize: z.number().int().min(1).max(100_000).default(1_000).meta({
      description: 'Most rows per message (msg.payload is an array of rows, oldest first).',
    }),
    start: z.enum(['beginning', 'now']).default('beginning').meta({
      description: 'Without a stored watermark: hand over every row already there, or only rows added from now on.',
    }),
  })
  .superRefine(requireDb);
export type SqlPollConfig = z.output<typeof sqlPollConfig>;
