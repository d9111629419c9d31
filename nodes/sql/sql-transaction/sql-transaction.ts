import { getMsgPath, type NodeContext, type NodeHandlers } from '@millwright/sdk';
import { dbOf, mirrorDbStatus } from '../db/db-node.js';
import { bindValues, lexisOf, parseSql } from '../db/parameters.js';
import { sqlError } from '../db/sql-error.js';
import type { Row } from '../db/sql-db.js';
import { limitRows } from '../sql-query/sql-query.js';
import type { SqlTransactionConfig } from './config.js';

export function createSqlTransaction(ctx: NodeContext<SqlTransactionConfig>): NodeHandlers {
  const cfg = ctx.config;
  const db = dbOf(ctx, cfg[cfg.database]);
  const statements = cfg.statements.map((s) => ({ ...s, parsed: parseSql(s.sql, db.mark, lexisOf(db.kind)) }));
  const unmirror = mirrorDbStatus(ctx, db);
  return {
    async input(msg) {
      // Values are bound before BEGIN: a missing one fails without touching the database.
      const bound = statements.map((s) => bindValues(s.parsed, getMsgPath(msg, s.params)));
      const results = await db.transaction(async (q) => {
        const out: Array<{ rows: Row[]; rowCount: number }> = [];
        for (const [i, s] of statements.entries()) {
          try {
            out.push(limitRows(await q.query(s.parsed.text, bound[i] ?? []), cfg.maxRows));
          } catch (err) {
            throw sqlError(err, `statement ${i + 1} (rolled back)`);
          }
        }
        return out;
      });
      ctx.send({ ...msg, payload: results.map((r) => r.rows), sql: { rowCounts: results.map((r) => r.rowCount) } });
    },
    close: () => void unmirror(),
  };
}
