import { readFile } from 'node:fs/promises';
import mysql from 'mysql2/promise';
import {
  identifierParts,
  valuesList,
  type Querier,
  type QueryResult,
  type SqlDb,
  type SqlValue,
} from '../db/sql-db.js';
import { PoolHealth } from '../db/pool-health.js';
import type { MysqlDbConfig } from './config.js';

/** A MySQL or MariaDB pool (mysql2). */
export async function createMysqlDb(cfg: MysqlDbConfig, password: string | undefined): Promise<SqlDb> {
  const ssl = cfg.tls.enabled
    ? {
        rejectUnauthorized: cfg.tls.rejectUnauthorized,
        ...(cfg.tls.caFile ? { ca: await readFile(cfg.tls.caFile, 'utf8') } : {}),
      }
    : undefined;
  const pool = mysql.createPool({
    host: cfg.host,
    port: cfg.port,
    database: cfg.database,
    user: cfg.user,
    ...(password !== undefined ? { password } : {}),
    connectionLimit: cfg.poolSize,
    connectTimeout: cfg.connectTimeoutMs,
    ...(ssl ? { ssl } : {}),
    // Never several statements in one call: a value cannot end one statement and start another.
    multipleStatements: false,
    supportBigNumbers: true,
    dateStrings: false,
  });
  const health = new PoolHealth(() => pool.query('SELECT 1'));
  const target = `mysql://${cfg.host}:${cfg.port}/${cfg.database}`;
  const run = async (
    q: mysql.Pool | mysql.PoolConnection,
    sql: string,
    params: readonly SqlValue[],
  ): Promise<QueryResult> => {
    const [result] = await q.query({
      sql,
      values: params as unknown[],
      ...(cfg.statementTimeoutMs ? { timeout: cfg.statementTimeoutMs } : {}),
    });
    if (Array.isArray(result)) return { rows: result as Record<string, unknown>[], rowCount: result.length };
    return { rows: [], rowCount: (result as mysql.ResultSetHeader).affectedRows };
  };
  const quote = (id: string) =>
    identifierParts(id)
      .map((p) => `\`${p}\``)
      .join('.');
  health.start();
  return {
    kind: 'mysql',
    target,
    maxParams: 65_535,
    mark: () => '?',
    quote,
    query: (sql, params) => health.track('query', () => run(pool, sql, params)),
    transaction: (fn) =>
      health.track('transaction', async () => {
        const conn = await pool.getConnection();
        let broken = false;
        try {
          await conn.beginTransaction();
          const q: Querier = { query: (sql, params) => run(conn, sql, params) };
          const out = await fn(q);
          await conn.commit();
          return out;
        } catch (err) {
          await conn.rollback().catch(() => (broken = true));
          throw err;
        } finally {
          if (broken) conn.destroy();
          else conn.release();
        }
      }),
    insertSql(table, columns, rows, conflict) {
      const cols = columns.map(quote);
      const ignore = conflict.action === 'ignore' ? ' IGNORE' : '';
      let sql = `INSERT${ignore} INTO ${quote(table)} (${cols.join(', ')}) VALUES ${valuesList(columns.length, rows, () => '?')}`;
      if (conflict.action === 'update') {
        // MySQL updates on any unique key; the conflict key names which columns stay.
        const set = columns.filter((c) => !conflict.key.includes(c)).map((c) => `${quote(c)} = VALUES(${quote(c)})`);
        const keep = quote(conflict.key[0] ?? columns[0] ?? 'id');
        sql += ` ON DUPLICATE KEY UPDATE ${set.length ? set.join(', ') : `${keep} = ${keep}`}`;
      }
      return sql;
    },
    status: () => health.hub.get(),
    onStatus: (l) => health.hub.on(l),
    async close() {
      health.close();
      await pool.end();
    },
  };
}
