import { UserError } from '@millwright/model';
import { getMsgPath, setMsgPath, type NodeContext, type NodeHandlers } from '@millwright/sdk';
import { dbOf, mirrorDbStatus } from '../db/db-node.js';
import { bindValues, lexisOf, parseSql } from '../db/parameters.js';
import type { QueryResult } from '../db/sql-db.js';
import type { SqlQueryConfig } from './config.js';

/** Refuses a result over `maxRows` (coded `sql_result_too_large`). */
export function limitRows(result: QueryResult, maxRows: number): QueryResult {
  if (result.rows.length > maxRows)
    throw new UserError(
      'sql_result_too_large',
      `the statement returned ${result.rows.length} rows, more than maxRows (${maxRows}); add a LIMIT or a narrower WHERE`,
    );
  return result;
}

export function createSqlQuery(ctx: NodeContext<SqlQueryConfig>): NodeHandlers {
  const cfg = ctx.config;
  const db = dbOf(ctx, cfg[cfg.database]);
  const parsed = parseSql(cfg.sql, db.mark, lexisOf(db.kind));
  const unmirror = mirrorDbStatus(ctx, db);
  return {
    async input(msg) {
      const values = bindValues(parsed, getMsgPath(msg, cfg.params));
      const result = limitRows(await db.query(parsed.text, values), cfg.maxRows);
      const out = { ...msg, sql: { rowCount: result.rowCount } };
      setMsgPath(out, cfg.output, result.rows);
      ctx.send(out);
    },
    close: () => void unmirror(),
  };
}
