import { UserError } from '@millwright/model';
import { getMsgPath, type NodeContext, type NodeHandlers } from '@millwright/sdk';
import { dbOf, mirrorDbStatus } from '../db/db-node.js';
import { toSqlValue } from '../db/parameters.js';
import type { SqlValue } from '../db/sql-db.js';
import { identifierProblem } from '../db/sql-db.js';
import type { SqlInsertConfig } from './config.js';

// Rows per statement stay well under every driver's parameter limit and packet size.
const MAX_PARAMS_PER_STATEMENT = 10_000;

/** Rows per INSERT so that neither the parameter limit nor the dialect's row limit is passed. */
export function rowsPerStatement(maxParams: number, columns: number, maxRows = Infinity): number {
  return Math.max(1, Math.min(maxRows, Math.floor(maxParams / columns)));
}

export function createSqlInsert(ctx: NodeContext<SqlInsertConfig>): NodeHandlers {
  const cfg = ctx.config;
  const db = dbOf(ctx, cfg[cfg.database]);
  const unmirror = mirrorDbStatus(ctx, db);
  const conflict = { action: cfg.onConflict, key: cfg.conflictKey };
  return {
    async input(msg) {
      const raw = getMsgPath(msg, cfg.from);
      const rows = (Array.isArray(raw) ? raw : [raw]) as unknown[];
      if (!rows.every((r) => typeof r === 'object' && r !== null && !Array.isArray(r)))
        throw new UserError('sql_rows_invalid', `${cfg.from} must hold an object or an array of objects`);
      const objects = rows as Record<string, unknown>[];
      let inserted = 0;
      if (objects.length > 0) {
        const columns = cfg.columns.length ? cfg.columns : Object.keys(objects[0] as object);
        // Keys become column names: only plain identifiers, quoted by the dialect.
        for (const c of columns) {
          const problem = identifierProblem(c);
          if (problem) throw new UserError('sql_rows_invalid', `column ${problem}`);
        }
        const perStatement = rowsPerStatement(
          Math.min(db.maxParams, MAX_PARAMS_PER_STATEMENT),
          columns.length,
          db.maxRowsPerStatement,
        );
        inserted = await db.transaction(async (q) => {
          let n = 0;
          for (let i = 0; i < objects.length; i += perStatement) {
            const chunk = objects.slice(i, i + perStatement);
            const values: SqlValue[] = [];
            for (const row of chunk) for (const c of columns) values.push(toSqlValue(row[c] ?? null));
            n += (await q.query(db.insertSql(cfg.table, columns, chunk.length, conflict), values)).rowCount;
          }
          return n;
        });
      }
      ctx.send({ ...msg, sql: { rowCount: inserted, rows: objects.length } });
    },
    close: () => void unmirror(),
  };
}
