import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import type { Flow } from '@millwright/model';
import { DEFAULT_OUTBOUND_POLICY, runFlow, type FlowHarness } from '@millwright/sdk';
import mssql from 'mssql';
import { afterEach, describe, expect, it } from 'vitest';
import { bindValues, lexisOf, parseSql } from '../db/parameters.js';
import { sqlError } from '../db/sql-error.js';
import { nodes } from '../index.js';
import { sqlInsertConfig } from '../sql-insert/config.js';
import { rowsPerStatement } from '../sql-insert/sql-insert.js';
import { MSSQL_MAX_PARAMS, MSSQL_MAX_ROWS, mssqlInsertSql, mssqlMark, mssqlPollSql, quoteMssql } from './dialect.js';

// No SQL Server here or in CI: the dialect is checked as text, the real driver against loopback
// ports that refuse or never answer. docs/sql-databases.md says how to check against a server.

describe('SQL Server dialect', () => {
  const parse = (sql: string) => parseSql(sql, mssqlMark, lexisOf('mssql'));

  it('turns :name and ? into @p1.. and skips [names], literals and comments', () => {
    const p = parse(
      "SELECT [what?], [a]]:b] FROM [t:1] WHERE a = :a AND b = :a AND c = 'it''s :no' -- :c\nAND d = :o.id",
    );
    expect(p.text).toBe(
      "SELECT [what?], [a]]:b] FROM [t:1] WHERE a = @p1 AND b = @p2 AND c = 'it''s :no' -- :c\nAND d = @p3",
    );
    // A repeated name binds its value at each place.
    expect(bindValues(p, { a: 7, o: { id: 'x' } })).toEqual([7, 7, 'x']);
    expect(() => bindValues(p, { a: 7 })).toThrow(expect.objectContaining({ code: 'sql_parameter_missing' }));
    expect(parse('SELECT ? , ?').text).toBe('SELECT @p1 , @p2');
    // No backslash escapes in T-SQL: the literal ends at 'C:\' and :a is a parameter.
    expect(parse("SELECT 'C:\\', :a").text).toBe("SELECT 'C:\\', @p1");
    expect(parseSql("SELECT 'C:\\', :a", mssqlMark).refs).toHaveLength(0);
  });

  it('quotes identifiers in brackets and refuses anything else', () => {
    expect(quoteMssql('dbo.orders')).toBe('[dbo].[orders]');
    for (const bad of ['orders]; DROP TABLE x--', '[orders]', 'a.b.c', 'o rders', ''])
      expect(() => quoteMssql(bad)).toThrow(/plain identifier/);
  });

  it('writes INSERT, and MERGE WITH (HOLDLOCK) for update and ignore', () => {
    expect(mssqlInsertSql('dbo.t', ['id', 'n'], 2, { action: 'error', key: [] })).toBe(
      'INSERT INTO [dbo].[t] ([id], [n]) VALUES (@p1, @p2), (@p3, @p4)',
    );
    expect(mssqlInsertSql('t', ['id', 'n'], 2, { action: 'update', key: ['id'] })).toBe(
      'MERGE INTO [t] WITH (HOLDLOCK) AS t USING (VALUES (@p1, @p2), (@p3, @p4)) AS s ([id], [n]) ON t.[id] = s.[id]' +
        ' WHEN MATCHED THEN UPDATE SET t.[n] = s.[n] WHEN NOT MATCHED THEN INSERT ([id], [n]) VALUES (s.[id], s.[n]);',
    );
    expect(mssqlInsertSql('t', ['a', 'b', 'n'], 1, { action: 'ignore', key: ['a', 'b'] })).toBe(
      'MERGE INTO [t] WITH (HOLDLOCK) AS t USING (VALUES (@p1, @p2, @p3)) AS s ([a], [b], [n])' +
        ' ON t.[a] = s.[a] AND t.[b] = s.[b] WHEN NOT MATCHED THEN INSERT ([a], [b], [n]) VALUES (s.[a], s.[b], s.[n]);',
    );
    expect(() => mssqlInsertSql('t', ['id'], 1, { action: 'ignore', key: [] })).toThrow(
      expect.objectContaining({ code: 'sql_rows_invalid' }),
    );
    const cfg = { database: 'mssql', mssql: 'db', table: 't', onConflict: 'ignore' };
    expect(sqlInsertConfig.safeParse(cfg).error?.issues[0]?.message).toMatch(/conflict key/);
    expect(sqlInsertConfig.safeParse({ ...cfg, conflictKey: ['id'] }).success).toBe(true);
  });

  it('chunks a batch under 2,100 parameters and 1,000 rows per statement', () => {
    for (const columns of [1, 2, 3, 7, 40, 2_100, 3_000]) {
      const rows = rowsPerStatement(MSSQL_MAX_PARAMS, columns, MSSQL_MAX_ROWS);
      expect(rows).toBeGreaterThanOrEqual(1);
      expect(rows).toBeLessThanOrEqual(1_000);
      if (columns <= MSSQL_MAX_PARAMS) expect(rows * columns).toBeLessThan(2_100);
    }
    expect(rowsPerStatement(MSSQL_MAX_PARAMS, 7, MSSQL_MAX_ROWS)).toBe(285);
    expect(rowsPerStatement(MSSQL_MAX_PARAMS, 1, MSSQL_MAX_ROWS)).toBe(1_000);
    // The statement for a full chunk carries exactly rows × columns placeholders.
    const sql = mssqlInsertSql('t', ['a', 'b', 'c', 'd', 'e', 'f', 'g'], 285, { action: 'error', key: [] });
    expect(sql.match(/@p\d+/g)).toHaveLength(1_995);
    expect(sql.endsWith('@p1995)')).toBe(true);
  });

  it('reads sql-poll batches with TOP, above the watermark', () => {
    expect(mssqlPollSql('dbo.ev', 'id', 500, true)).toBe(
      'SELECT TOP (500) * FROM [dbo].[ev] WHERE [id] > @p1 ORDER BY [id]',
    );
    expect(mssqlPollSql('ev', 'changed_at', 10, false)).toBe('SELECT TOP (10) * FROM [ev] ORDER BY [changed_at]');
  });

  it("codes mssql's errors like the other drivers'", () => {
    const request = (message: string, number: number, code: mssql.MSSQL_ERROR_CODE = 'EREQUEST') =>
      Object.assign(new mssql.RequestError(message, code), { number });
    const unique = sqlError(request('Violation of PRIMARY KEY constraint', 2627), 'query');
    expect(unique.code).toBe('sql_failed');
    expect(unique.message).toContain('SQL Server error 2627');
    expect(sqlError(request('Cannot insert duplicate key row', 2601), 'q').code).toBe('sql_failed');
    expect(sqlError(request('chosen as the deadlock victim', 1205), 'q').message).toContain('1205');
    expect(sqlError(request('Timeout: Request failed to complete in 500ms', 0, 'ETIMEOUT'), 'q').code).toBe(
      'sql_timeout',
    );
    expect(sqlError(new mssql.ConnectionError("Login failed for user 'x'.", 'ELOGIN'), 'q').code).toBe('sql_failed');
    for (const code of ['ESOCKET', 'ETIMEOUT', 'ECONNCLOSED'] as const)
      expect(sqlError(new mssql.ConnectionError('gone', code), 'q').code).toBe('sql_unavailable');
    expect(sqlError(request('Connection closed before request completed.', 0, 'ECONNCLOSED'), 'q').code).toBe(
      'sql_unavailable',
    );
  });
});

describe('mssql-db with the real driver, no server', () => {
  let h: FlowHarness | undefined;
  let server: Server | undefined;
  const sockets: Socket[] = [];
  afterEach(async () => {
    await h?.stop();
    h = undefined;
    for (const s of sockets.splice(0)) s.destroy();
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
    server = undefined;
  });

  const listen = async (srv: Server): Promise<number> => {
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    return (srv.address() as { port: number }).port;
  };
  const freePort = async () => {
    const srv = createServer();
    const port = await listen(srv);
    await new Promise((r) => srv.close(r));
    return port;
  };

  const start = async (port: number) => {
    const flow: Flow = {
      version: 1,
      id: 'm',
      name: 'm',
      configs: [
        {
          id: 'db',
          type: 'mssql-db',
          typeVersion: 1,
          config: { host: '127.0.0.1', port, database: 'mes', user: 'mw', connectTimeoutMs: 400 },
        },
      ],
      nodes: [
        {
          id: 'q',
          type: 'sql-query',
          typeVersion: 1,
          position: { x: 0, y: 0 },
          config: { database: 'mssql', mssql: 'db', sql: 'SELECT * FROM [orders] WHERE id = :id' },
        },
      ],
      wires: [],
    };
    h = await runFlow(flow, nodes, {
      confinement: { fileRoots: [tmpdir()], outbound: { ...DEFAULT_OUTBOUND_POLICY, allow: ['127.0.0.1'] } },
      credentials: { db: { password: 'secret' } },
    });
    return h;
  };
  /** Sends one message to the query and returns the code of its error (or 'ok'). */
  const ask = async (flow: FlowHarness, payload: unknown): Promise<{ code: string; ms: number }> => {
    const errors = flow.errors('q').length;
    const t0 = performance.now();
    flow.send('q', { payload });
    for (;;) {
      if (flow.outputs('q').length) return { code: 'ok', ms: performance.now() - t0 };
      const e = flow.errors('q')[errors];
      if (e) return { code: e.error.code, ms: performance.now() - t0 };
      await new Promise((r) => setTimeout(r, 10));
    }
  };

  it('a refused port: sql_unavailable at once, badge says so, the flow keeps taking messages', async () => {
    const flow = await start(await freePort());
    const first = await ask(flow, { id: 1 });
    expect(first.code).toBe('sql_unavailable');
    expect(first.ms).toBeLessThan(1_000);
    const badge = await flow.waitForEvent(
      (e) => e.type === 'status' && e.nodeId === 'db' && /ECONNREFUSED|ESOCKET/.test(e.status?.text ?? ''),
      3_000,
    );
    expect(badge).toBeTruthy();
    // Still running: the next message is handled (and a missing parameter is still caught first).
    expect((await ask(flow, { id: 2 })).code).toBe('sql_unavailable');
    expect((await ask(flow, {})).code).toBe('sql_parameter_missing');
  });

  it('a server that accepts and never answers: sql_unavailable after connectTimeoutMs, bounded retries', async () => {
    let connections = 0;
    server = createServer((s) => {
      connections++;
      sockets.push(s);
    });
    const flow = await start(await listen(server));
    const r = await ask(flow, { id: 1 });
    expect(r.code).toBe('sql_unavailable');
    // connectTimeoutMs is 400: the error comes after it, not after tedious' 15 s default.
    expect(r.ms).toBeGreaterThan(300);
    expect(r.ms).toBeLessThan(2_000);
    expect(flow.errors('q')[0]?.error.message).toMatch(/ETIMEOUT|Failed to connect/);
    // Left alone, the pool only probes every 2 s: no reconnect storm.
    const before = connections;
    await new Promise((res) => setTimeout(res, 3_000)); // probe at ~2 s, the next not before ~4.4 s
    const probes = connections - before;
    expect(probes).toBeGreaterThanOrEqual(1);
    expect(probes).toBeLessThanOrEqual(2);
    expect((await ask(flow, { id: 2 })).code).toBe('sql_unavailable');
  }, 10_000);
});
