import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import { upsertSql } from '../db/insert-sql.js';
import { identifierParts, StatusHub, type Querier, type QueryResult, type SqlDb, type SqlValue } from '../db/sql-db.js';
import { sqlError } from '../db/sql-error.js';
import type { SqliteDbConfig } from './config.js';

const bindable = (v: SqlValue): SQLInputValue =>
  typeof v === 'boolean' ? (v ? 1 : 0) : v instanceof Date ? v.toISOString() : v;

/**
 * A SQLite file (`node:sqlite`, built into Node 24): one connection, statements run one at a
 * time (SQLite has one writer), a transaction holds the connection until it ends.
 */
export async function createSqliteDb(cfg: SqliteDbConfig, file: string): Promise<SqlDb> {
  await mkdir(dirname(file), { recursive: true });
  const db = new DatabaseSync(file, { timeout: cfg.busyTimeoutMs });
  if (cfg.walMode) db.exec('PRAGMA journal_mode = WAL');
  const hub = new StatusHub();
  hub.set({ state: 'connected' });
  // Serialises statements and transactions on the one connection.
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(fn: () => Promise<T> | T): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => undefined);
    return next;
  };
  const run = (sql: string, params: readonly SqlValue[]): QueryResult => {
    try {
      const stmt = db.prepare(sql);
      const values = params.map(bindable);
      if (stmt.columns().length > 0) {
        // Integers are read as BigInt (a 64-bit id would otherwise throw) and become numbers when
        // they fit, else strings, as PostgreSQL's bigint comes from node-postgres.
        stmt.setReadBigInts(true);
        const rows = stmt.all(...values) as Record<string, unknown>[];
        for (const row of rows)
          for (const [k, v] of Object.entries(row))
            if (typeof v === 'bigint') row[k] = Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
        return { rows, rowCount: rows.length };
      }
      const r = stmt.run(...values);
      return { rows: [], rowCount: Number(r.changes) };
    } catch (err) {
      throw sqlError(err, 'query');
    }
  };
  const quote = (id: string) =>
    identifierParts(id)
      .map((p) => `"${p}"`)
      .join('.');
  return {
    kind: 'sqlite',
    target: `sqlite:${file}`,
    maxParams: 32_766,
    mark: () => '?',
    quote,
    query: (sql, params) => exclusive(() => run(sql, params)),
    transaction: (fn) =>
      exclusive(async () => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const q: Querier = { query: async (sql, params) => run(sql, params) };
          const out = await fn(q);
          db.exec('COMMIT');
          return out;
        } catch (err) {
          if (db.isTransaction) db.exec('ROLLBACK');
          throw sqlError(err, 'transaction');
        }
      }),
    insertSql: (table, columns, rows, conflict) => upsertSql(quote, table, columns, rows, conflict, () => '?'),
    status: () => hub.get(),
    onStatus: (l) => hub.on(l),
    async close() {
      await queue;
      hub.set({ state: 'closed' });
      db.close();
    },
  };
}
