import { readFile } from 'node:fs/promises';
import mssql from 'mssql';
import { PoolHealth } from '../db/pool-health.js';
import type { Querier, QueryResult, SqlDb, SqlValue } from '../db/sql-db.js';
import type { MssqlDbConfig } from './config.js';
import { MSSQL_MAX_PARAMS, MSSQL_MAX_ROWS, mssqlInsertSql, mssqlMark, mssqlPollSql, quoteMssql } from './dialect.js';

/** A SQL Server pool (mssql over tedious), SQL Server authentication. */
export async function createMssqlDb(cfg: MssqlDbConfig, password: string | undefined): Promise<SqlDb> {
  const ca = cfg.tls.caFile ? await readFile(cfg.tls.caFile, 'utf8') : undefined;
  const pool = new mssql.ConnectionPool({
    server: cfg.host,
    port: cfg.port,
    database: cfg.database,
    user: cfg.user,
    // Like sqlcmd, SQLCMDPASSWORD when there is no credential (`millwright run` has no store).
    password: password ?? process.env['SQLCMDPASSWORD'] ?? '',
    pool: { max: cfg.poolSize, min: 0 },
    connectionTimeout: cfg.connectTimeoutMs,
    // tedious cancels the statement after this long; 0: no limit.
    requestTimeout: cfg.statementTimeoutMs,
    options: {
      encrypt: cfg.tls.encrypt,
      trustServerCertificate: cfg.tls.trustServerCertificate,
      appName: 'millwright',
      ...(ca ? { cryptoCredentialsDetails: { ca } } : {}),
    },
  });
  // An idle connection the server closed: the pool drops it; the next statement opens another.
  pool.on('error', () => undefined);
  // The pool opens once and then replaces broken connections itself; a pool whose first
  // connection failed stays closed, so each statement (and the 2 s probe) opens it again.
  let opening: Promise<unknown> | undefined;
  let closed = false;
  const ready = async (): Promise<void> => {
    if (pool.connected) return;
    opening ??= pool.connect().finally(() => (opening = undefined));
    await opening;
  };
  const run = async (request: () => mssql.Request, sql: string, params: readonly SqlValue[]): Promise<QueryResult> => {
    const r = request();
    params.forEach((v, i) => r.input(`p${i + 1}`, v instanceof Uint8Array && !Buffer.isBuffer(v) ? Buffer.from(v) : v));
    const result = await r.query(sql);
    const rows = (result.recordset ?? []) as Record<string, unknown>[];
    const changed = result.rowsAffected.reduce((a, b) => a + b, 0);
    return { rows, rowCount: result.recordset ? rows.length : changed };
  };
  const health = new PoolHealth(async () => {
    await ready();
    await pool.request().query('SELECT 1');
  });
  const target = `mssql://${cfg.host}:${cfg.port}/${cfg.database}`;
  health.start();
  return {
    kind: 'mssql',
    target,
    maxParams: MSSQL_MAX_PARAMS,
    maxRowsPerStatement: MSSQL_MAX_ROWS,
    mark: mssqlMark,
    quote: quoteMssql,
    query: (sql, params) =>
      health.track('query', async () => {
        await ready();
        return run(() => pool.request(), sql, params);
      }),
    transaction: (fn) =>
      health.track('transaction', async () => {
        await ready();
        const tx = new mssql.Transaction(pool);
        await tx.begin();
        try {
          const q: Querier = { query: (sql, params) => run(() => new mssql.Request(tx), sql, params) };
          const out = await fn(q);
          await tx.commit();
          return out;
        } catch (err) {
          // SQL Server may have rolled back already (XACT_ABORT, deadlock victim): nothing to undo.
          await tx.rollback().catch(() => undefined);
          throw err;
        }
      }),
    insertSql: mssqlInsertSql,
    pollSql: mssqlPollSql,
    status: () => health.hub.get(),
    onStatus: (l) => health.hub.on(l),
    async close() {
      if (closed) return;
      closed = true;
      health.close();
      // mssql refuses to close a pool while it is connecting.
      await opening?.catch(() => undefined);
      await pool.close();
    },
  };
}
