/**
 * `MILLWRIGHT_MSSQL_URL=mssql://user:password@host:1433/database npm run bench:mssql`: the manual
 * check of the SQL Server nodes against a real server (CI has none). Creates and drops a table
 * `mw_check_<pid>`, runs the sql-* nodes in a flow and prints each check and the batch figure:
 *
 * - sql-query: `:name` parameters (one repeated), injection strings stored as text
 * - sql-insert: 10,000 rows in one transaction (rows/s; 7 columns: chunks of 285 rows), then an
 *   upsert (MERGE WITH (HOLDLOCK)) of 100 rows changing 50 and adding 50
 * - sql-transaction: a failing second statement rolls back the first
 * - a unique violation is `sql_failed` with "SQL Server error 2627"
 *
 * Query options: `?trustServerCertificate=true` (a self-signed test server), `?encrypt=false`.
 * Exit code 1 when a check fails, 2 without MILLWRIGHT_MSSQL_URL.
 */
import { tmpdir } from 'node:os';
import type { Flow } from '@millwright/model';
import { DEFAULT_OUTBOUND_POLICY, runFlow } from '@millwright/sdk';
import { nodes } from '../nodes/sql/index.js';

const raw = process.env['MILLWRIGHT_MSSQL_URL'];
if (!raw) {
  console.error('set MILLWRIGHT_MSSQL_URL=mssql://user:password@host:1433/database[?trustServerCertificate=true]');
  process.exit(2);
}
const url = new URL(raw);
const table = `mw_check_${process.pid}`;
const config = {
  host: url.hostname,
  port: Number(url.port || 1433),
  database: url.pathname.slice(1),
  user: decodeURIComponent(url.username),
  connectTimeoutMs: 10_000,
  tls: {
    encrypt: url.searchParams.get('encrypt') !== 'false',
    trustServerCertificate: url.searchParams.get('trustServerCertificate') === 'true',
    caFile: '',
  },
};
const node = (id: string, type: string, cfg: Record<string, unknown>) => ({
  id,
  type,
  typeVersion: 1,
  position: { x: 0, y: 0 },
  config: { database: 'mssql', mssql: 'db', ...cfg },
});
const flow: Flow = {
  version: 1,
  id: 'mssql-check',
  name: 'mssql check',
  configs: [{ id: 'db', type: 'mssql-db', typeVersion: 1, config }],
  nodes: [
    node('ddl', 'sql-query', {
      sql: `CREATE TABLE [${table}] (id INT PRIMARY KEY, line NVARCHAR(50), qty INT, note NVARCHAR(200), a INT, b INT, c INT)`,
    }),
    node('drop', 'sql-query', { sql: `DROP TABLE IF EXISTS [${table}]` }),
    node('echo', 'sql-query', { sql: 'SELECT :s AS s, :n AS n, :n + 1 AS n1' }),
    node('count', 'sql-query', { sql: `SELECT COUNT(*) AS n, SUM(qty) AS q FROM [${table}]` }),
    node('find', 'sql-query', { sql: `SELECT note FROM [${table}] WHERE id = :id` }),
    node('ins', 'sql-insert', { table }),
    node('ups', 'sql-insert', { table, onConflict: 'update', conflictKey: ['id'] }),
    node('tx', 'sql-transaction', {
      statements: [
        { sql: `INSERT INTO [${table}] (id, line, qty) VALUES (:id, 'tx', 1)`, params: 'payload' },
        { sql: `INSERT INTO [${table}] (id, line, qty) VALUES (:id, 'tx', 2)`, params: 'payload' },
      ],
    }),
  ],
  wires: [],
};
const confinement = {
  fileRoots: [tmpdir()],
  outbound: { ...DEFAULT_OUTBOUND_POLICY, allow: [url.hostname] },
};
const h = await runFlow(flow, nodes, {
  confinement,
  credentials: { db: { password: decodeURIComponent(url.password) } },
});
let failed = 0;
const check = (what: string, ok: boolean, detail = '') => {
  if (!ok) failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${detail ? `: ${detail}` : ''}`);
};
/** One message through a node: its output message, or its error code. */
async function call(id: string, payload: unknown): Promise<{ payload?: unknown; code?: string }> {
  const outs = h.outputs(id).length;
  const errs = h.errors(id).length;
  h.send(id, { payload });
  for (;;) {
    const out = h.outputs(id)[outs];
    if (out) return { payload: out.payload };
    const e = h.errors(id)[errs];
    if (e) return { code: e.error.code };
    await new Promise((r) => setTimeout(r, 5));
  }
}
const rowsOf = (r: { payload?: unknown; code?: string }) => (r.payload ?? []) as Array<Record<string, unknown>>;

try {
  await call('drop', {});
  check('create table', (await call('ddl', {})).code === undefined);
  const echo = rowsOf(await call('echo', { s: "'; DROP TABLE x; --", n: 41 }))[0];
  check('parameters, repeated :n, injection text', echo?.['s'] === "'; DROP TABLE x; --" && echo?.['n1'] === 42);

  const rows = Array.from({ length: 10_000 }, (_, i) => ({
    id: i + 1,
    line: `L${i % 7}`,
    qty: i,
    note: i === 5 ? "' OR '1'='1" : null,
    a: i,
    b: i * 2,
    c: i * 3,
  }));
  const t0 = performance.now();
  const ins = await call('ins', rows);
  const s = (performance.now() - t0) / 1000;
  check(
    'insert 10,000 rows',
    ins.code === undefined,
    ins.code ?? `${Math.round(10_000 / s)} rows/s (${s.toFixed(2)} s)`,
  );
  check('count', Number(rowsOf(await call('count', {}))[0]?.['n']) === 10_000);
  check('injection stored as text', rowsOf(await call('find', { id: 6 }))[0]?.['note'] === "' OR '1'='1");

  const upserts = Array.from({ length: 100 }, (_, i) => ({
    id: 9_951 + i,
    line: 'U',
    qty: 0,
    note: 'upsert',
    a: 0,
    b: 0,
    c: 0,
  }));
  const ups = await call('ups', upserts);
  const after = rowsOf(await call('count', {}))[0];
  check('upsert (MERGE): 50 updated, 50 added', ups.code === undefined && Number(after?.['n']) === 10_050);

  const dup = await call('ins', [{ id: 1, line: 'dup', qty: 0, note: null, a: 0, b: 0, c: 0 }]);
  const dupMessage = h.errors('ins').at(-1)?.error.message ?? '';
  check('unique violation coded', dup.code === 'sql_failed' && /2627/.test(dupMessage), dupMessage);

  const tx = await call('tx', { id: 20_000 });
  const kept = rowsOf(await call('find', { id: 20_000 }));
  check('transaction rolled back', tx.code === 'sql_failed' && kept.length === 0);
} finally {
  await call('drop', {});
  await h.stop();
}
console.log(failed ? `${failed} check(s) failed` : 'all checks passed');
process.exit(failed ? 1 : 0);
