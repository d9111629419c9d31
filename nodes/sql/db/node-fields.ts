import { msgPathSchema } from '@millwright/sdk';
import { z } from 'zod';

/** The kinds of database, each with its config node type. */
export const DB_TYPES = { postgres: 'postgres-db', mysql: 'mysql-db', sqlite: 'sqlite-db', mssql: 'mssql-db' } as const;
export type DbKind = keyof typeof DB_TYPES;

const ref = (kind: DbKind, label: string) =>
  z
    .string()
    .default('')
    .meta({ description: `The ${label} config node.`, configRef: DB_TYPES[kind], showWhen: { database: [kind] } });

/**
 * The database a sql-* node uses: its kind and the config node of that kind. One reference field
 * per kind, so the editor offers the right config nodes and a redeployed database restarts its users.
 */
export const dbFields = {
  database: z.enum(['postgres', 'mysql', 'sqlite', 'mssql']).default('postgres').meta({
    description: 'Kind of database: PostgreSQL, MySQL/MariaDB, SQLite or Microsoft SQL Server.',
  }),
  postgres: ref('postgres', 'postgres-db (PostgreSQL)'),
  mysql: ref('mysql', 'mysql-db (MySQL or MariaDB)'),
  sqlite: ref('sqlite', 'sqlite-db (SQLite file)'),
  mssql: ref('mssql', 'mssql-db (Microsoft SQL Server)'),
};

/** Refinement: the reference of the chosen kind is set. */
export function requireDb(cfg: { database: DbKind } & Record<DbKind, string>, ctx: z.RefinementCtx): void {
  if (!cfg[cfg.database])
    ctx.addIssue({ code: 'custom', path: [cfg.database], message: `choose a ${DB_TYPES[cfg.database]} config node` });
}

export const paramsField = msgPathSchema(
  'Where the parameter values are: an object for `:name` parameters (`:order.id` reads a path in it), an array for `?` parameters.',
).default('payload');

export const maxRowsField = z.number().int().min(1).max(1_000_000).default(10_000).meta({
  description: 'A result with more rows is an error (`sql_result_too_large`) instead of a huge message.',
});
