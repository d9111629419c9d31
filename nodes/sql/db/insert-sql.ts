import { valuesList, type Conflict } from './sql-db.js';

/** INSERT with ON CONFLICT, as PostgreSQL and SQLite write it. */
export function upsertSql(
  quote: (id: string) => string,
  table: string,
  columns: readonly string[],
  rows: number,
  conflict: Conflict,
  mark: (i: number) => string,
): string {
  const cols = columns.map(quote);
  let sql = `INSERT INTO ${quote(table)} (${cols.join(', ')}) VALUES ${valuesList(columns.length, rows, mark)}`;
  if (conflict.action === 'ignore')
    sql += ` ON CONFLICT${conflict.key.length ? ` (${conflict.key.map(quote).join(', ')})` : ''} DO NOTHING`;
  if (conflict.action === 'update') {
    const set = columns.filter((c) => !conflict.key.includes(c)).map((c) => `${quote(c)} = EXCLUDED.${quote(c)}`);
    sql +=
      ` ON CONFLICT (${conflict.key.map(quote).join(', ')}) ` +
      (set.length ? `DO UPDATE SET ${set.join(', ')}` : 'DO NOTHING');
  }
  return sql;
}
