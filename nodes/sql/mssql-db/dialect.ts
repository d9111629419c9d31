import { UserError } from '@millwright/model';
import { identifierParts, valuesList, type Conflict } from '../db/sql-db.js';

/**
 * SQL Server's dialect as pure functions: `@p1` parameters, `[name]` quoting, MERGE for upserts,
 * TOP instead of LIMIT, and its statement limits.
 */

/** The placeholder of the `i`-th parameter (from 1); mssql binds each as a named input `p<i>`. */
export const mssqlMark = (i: number): string => `@p${i}`;

/**
 * Parameters one request may carry. SQL Server's limit is 2,100, and sp_executesql (how the
 * driver sends a parameterised statement) takes two of its own; 2,000 leaves a margin.
 */
export const MSSQL_MAX_PARAMS = 2_000;
/** A VALUES list may hold at most 1,000 rows (error 10738). */
export const MSSQL_MAX_ROWS = 1_000;

/** A checked identifier (`table`, `schema.table`) in brackets. */
export const quoteMssql = (identifier: string): string =>
  identifierParts(identifier)
    .map((p) => `[${p}]`)
    .join('.');

/**
 * INSERT of `rows` rows, or for `update`/`ignore` a MERGE on the conflict key: SQL Server has no
 * ON CONFLICT. WITH (HOLDLOCK) takes a key-range lock so that two concurrent upserts of a new key
 * cannot both take the NOT MATCHED branch (the documented race of a bare MERGE).
 */
export function mssqlInsertSql(table: string, columns: readonly string[], rows: number, conflict: Conflict): string {
  const cols = columns.map(quoteMssql);
  const values = valuesList(columns.length, rows, mssqlMark);
  if (conflict.action === 'error') return `INSERT INTO ${quoteMssql(table)} (${cols.join(', ')}) VALUES ${values}`;
  if (conflict.key.length === 0)
    throw new UserError('sql_rows_invalid', 'SQL Server needs the conflict key columns to update or ignore a conflict');
  const on = conflict.key.map((k) => `t.${quoteMssql(k)} = s.${quoteMssql(k)}`).join(' AND ');
  const set = columns.filter((c) => !conflict.key.includes(c)).map((c) => `t.${quoteMssql(c)} = s.${quoteMssql(c)}`);
  const matched = conflict.action === 'update' && set.length ? ` WHEN MATCHED THEN UPDATE SET ${set.join(', ')}` : '';
  return (
    `MERGE INTO ${quoteMssql(table)} WITH (HOLDLOCK) AS t USING (VALUES ${values}) AS s (${cols.join(', ')}) ON ${on}` +
    `${matched} WHEN NOT MATCHED THEN INSERT (${cols.join(', ')}) VALUES (${cols.map((c) => `s.${c}`).join(', ')});`
  );
}

/** sql-poll's read: the next `batchSize` rows above the watermark (`@p1`), or the first ones. */
export function mssqlPollSql(table: string, watermark: string, batchSize: number, after: boolean): string {
  const wm = quoteMssql(watermark);
  return `SELECT TOP (${batchSize}) * FROM ${quoteMssql(table)}${after ? ` WHERE ${wm} > @p1` : ''} ORDER BY ${wm}`;
}
