import { UserError } from '@millwright/model';
import { connectionBadge, reportConnectionStatus, type NodeContext, type NodeHandlers } from '@millwright/sdk';
import type { SqlDb } from './sql-db.js';

/** A database config node's handlers: its badge and /healthz follow the pool, `api` is the pool. */
export function serveDb(ctx: NodeContext, db: SqlDb, required = true): NodeHandlers {
  const stop = db.onStatus((s) => {
    ctx.status(connectionBadge(s));
    reportConnectionStatus(ctx, db.target, s, required);
  });
  return {
    api: db,
    async close() {
      stop();
      reportConnectionStatus(ctx, db.target, { state: 'closed' }, required);
      await db.close();
    },
  };
}

/** The pool of the referenced database config node; UserError `sql_db_missing` if it is not running. */
export function dbOf(ctx: NodeContext, id: string): SqlDb {
  const db = ctx.configNode<SqlDb>(id);
  if (!db) throw new UserError('sql_db_missing', `database "${id}" is not deployed or failed to start`);
  return db;
}

/** Mirrors the database's connection state on a node's badge; returns the unsubscribe function. */
export function mirrorDbStatus(ctx: NodeContext, db: SqlDb): () => void {
  return db.onStatus((s) => {
    if (s.state !== 'closed') ctx.status(connectionBadge(s));
  });
}
