import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { upsertSql } from '../db/insert-sql.js';
import { identifierParts, type Querier, type QueryResult, type SqlDb, type SqlValue } from '../db/sql-db.js';
import { PoolHealth } from '../db/pool-health.js';
import type { PostgresDbConfig } from './config.js';

/** A PostgreSQL pool (node-postgres). */
export async function createPostgresDb(cfg: PostgresDbConfig, password: string | undefined): Promise<SqlDb> {
  const ssl = cfg.tls.enabled
    ? {
        rejectUnauthorized: cfg.tls.rejectUnauthorized,
        ...(cfg.tls.caFile ? { ca: await readFile(cfg.tls.caFile, 'utf8') } : {}),
      }
    : undefined;
  const pool = new pg.Pool({
    host: cfg.host,
    port: cfg.port,
    database: cfg.database,
    user: cfg.user,
    ...(password !== undefined ? { password } : {}),
    max: cfg.poolSize,
    connectionTimeoutMillis: cfg.connectTimeoutMs,
    ...(cfg.statementTimeoutMs ? { statement_timeout: cfg.statementTimeoutMs } : {}),
    ...(ssl ? { ssl } : {}),
    application_name: 'millwright',
  });
  // An idle connection the server closed: the pool drops it; the next statement opens another.
  pool.on('error', () => undefined);
  const health = new PoolHealth(() => pool.query('SELECT 1'));
  const target = `postgres://${cfg.host}:${cfg.port}/${cfg.database}`;
  const run = async (q: pg.Pool | pg.PoolClient, sql: string, params: readonly SqlValue[]): Promise<QueryResult> => {
    const r = await q.query({ text: sql, values: params as unknown[] });
    return { rows: r.rows as Record<string, unknown>[], rowCount: r.rowCount ?? r.rows.length };
  };
  const quote = (id: string) =>
    identifierParts(id)
      .map((p) => `"${p}"`)
      .join('.');
  health.start();
  return {
    kind: 'postgres',
    target,
    maxParams: 65_535,
    mark: (i) => `$${i}`,
    quote,
    query: (sql, params) => health.track('query', () => run(pool, sql, params)),
    transaction: (fn) =>
      health.track('transaction', async () => {
        const client = await pool.connect();
        let broken = false;
        try {
          await client.query('BEGIN');
          const q: Querier = { query: (sql, params) => run(client, sql, params) };
          const out = await fn(q);
          await client.query('COMMIT');
          return out;
        } catch (err) {
          await client.query('ROLLBACK').catch(() => (broken = true));
          throw err;
        } finally {
          client.release(broken);
        }
      }),
    insertSql: (table, columns, rows, conflict) => upsertSql(quote, table, columns, rows, conflict, (i) => `$${i}`),
    status: () => health.hub.get(),
    onStatus: (l) => health.hub.on(l),
    async close() {
      health.close();
      await pool.end();
    },
  };
}
