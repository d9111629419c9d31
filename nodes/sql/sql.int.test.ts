import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Flow, FlowMessage } from '@millwright/model';
import { DEFAULT_OUTBOUND_POLICY, runFlow, type FlowHarness } from '@millwright/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodes } from './index.js';
import { startMariaDb, startPostgres, type TestDbServer } from './testing/db-servers.js';

/**
 * The SQL nodes against real servers: PostgreSQL and MariaDB from Debian's packages (each started
 * once for its block, on a free loopback port, data in temp) and a SQLite file.
 */
interface Kind {
  name: string;
  key: 'postgres' | 'mysql' | 'sqlite';
  type: string;
  start(): Promise<{ config: Record<string, unknown>; credentials: Record<string, unknown>; stop(): Promise<void> }>;
  serial: string;
  /** A timestamp column type with milliseconds. */
  stamp: string;
}

const server = (s: TestDbServer) => ({
  config: { host: s.host, port: s.port, database: s.database, user: s.user },
  credentials: { password: s.password },
  stop: () => s.stop(),
});
const KINDS: Kind[] = [
  {
    name: 'PostgreSQL',
    key: 'postgres',
    type: 'postgres-db',
    start: async () => server(await startPostgres()),
    serial: 'SERIAL PRIMARY KEY',
    stamp: 'TIMESTAMP(3)',
  },
  {
    name: 'MariaDB',
    key: 'mysql',
    type: 'mysql-db',
    start: async () => server(await startMariaDb()),
    serial: 'INT AUTO_INCREMENT PRIMARY KEY',
    stamp: 'DATETIME(3)',
  },
  {
    name: 'SQLite',
    key: 'sqlite',
    type: 'sqlite-db',
    serial: 'INTEGER PRIMARY KEY AUTOINCREMENT',
    stamp: 'TEXT',
    start: async () => {
      const dir = await mkdtemp(join(tmpdir(), 'mw-sqlite-'));
      return {
        config: { file: join(dir, 'plant.db') },
        credentials: {},
        stop: () => rm(dir, { recursive: true, force: true }),
      };
    },
  },
];

// The servers listen on loopback, which the default outbound policy refuses.
const confinement = { fileRoots: [tmpdir()], outbound: { ...DEFAULT_OUTBOUND_POLICY, allow: ['127.0.0.1'] } };

describe.each(KINDS)('SQL nodes on $name', (kind) => {
  let db: Awaited<ReturnType<Kind['start']>>;
  let h: FlowHarness;
  /** Nodes under test, each fed by the test and wired to nothing. */
  const node = (id: string, type: string, config: Record<string, unknown>) => ({
    id,
    type,
    typeVersion: 1,
    position: { x: 0, y: 0 },
    config: { database: kind.key, [kind.key]: 'db', ...config },
  });
  const call = async (id: string, payload: unknown): Promise<FlowMessage> => {
    const before = h.outputs(id).length;
    const errors = h.errors(id).length;
    h.send(id, { payload });
    const deadline = Date.now() + 15_000;
    for (;;) {
      if (h.outputs(id).length > before) return h.outputs(id)[before] as FlowMessage;
      const e = h.errors(id)[errors];
      if (e) throw Object.assign(new Error(e.error.message), { code: e.error.code });
      if (Date.now() > deadline) throw new Error(`no answer from ${id}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  const q = (sql: string, extra: Record<string, unknown> = {}) => ({ sql, ...extra });

  beforeAll(async () => {
    db = await kind.start();
    const flow: Flow = {
      version: 1,
      id: 'sql',
      name: 'sql',
      configs: [{ id: 'db', type: kind.type, typeVersion: 1, config: db.config }],
      nodes: [
        node('ddl', 'sql-transaction', {
          statements: [
            q(
              `CREATE TABLE parts (id ${kind.serial}, serial VARCHAR(40) NOT NULL UNIQUE, qty INT NOT NULL, note VARCHAR(200))`,
            ),
            q('CREATE TABLE secrets (k VARCHAR(20))'),
            q(`CREATE TABLE ev (id ${kind.serial}, at ${kind.stamp} NOT NULL, n INT NOT NULL)`),
            q("INSERT INTO secrets (k) VALUES ('top')"),
          ],
        }),
        node(
          'byName',
          'sql-query',
          q('SELECT serial, qty FROM parts WHERE qty >= :min AND serial LIKE :prefix ORDER BY serial'),
        ),
        node('byPos', 'sql-query', q('SELECT serial FROM parts WHERE serial = ? OR note = ?', { maxRows: 2 })),
        node('count', 'sql-query', q('SELECT COUNT(*) AS n FROM parts WHERE serial LIKE :p', { params: 'payload' })),
        node('noteOf', 'sql-query', q('SELECT note FROM parts WHERE serial = :serial')),
        node('secrets', 'sql-query', q('SELECT k FROM secrets')),
        node('note', 'sql-query', q('UPDATE parts SET note = :note WHERE serial = :serial')),
        node('insert', 'sql-insert', { table: 'parts' }),
        node('insertEv', 'sql-insert', { table: 'ev' }),
        node('upsert', 'sql-insert', {
          table: 'parts',
          columns: ['serial', 'qty'],
          onConflict: 'update',
          conflictKey: ['serial'],
        }),
        node('tx', 'sql-transaction', {
          statements: [
            q('INSERT INTO parts (serial, qty) VALUES (:a, 1)'),
            q('INSERT INTO parts (serial, qty) VALUES (:b, 1)'),
          ],
        }),
      ],
      wires: [],
    };
    h = await runFlow(flow, nodes, { confinement, credentials: { db: db.credentials } });
    await call('ddl', {});
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
    await db?.stop();
  }, 30_000);

  it('binds named (:name, paths) and positional (?) parameters from the message', async () => {
    await call('insert', [
      { serial: 'A-1', qty: 5, note: 'x' },
      { serial: 'A-2', qty: 9, note: null },
      { serial: 'B-1', qty: 7, note: 'y' },
    ]);
    const named = await call('byName', { min: 6, prefix: 'A-%' });
    expect(named.payload).toEqual([{ serial: 'A-2', qty: 9 }]);
    const pos = await call('byPos', ['A-1', 'y']);
    expect((pos.payload as Array<{ serial: string }>).map((r) => r.serial).sort()).toEqual(['A-1', 'B-1']);
    // A result over maxRows is a coded error, not a huge message.
    await call('insert', [
      { serial: 'C-1', qty: 1, note: 'y' },
      { serial: 'C-2', qty: 1, note: 'y' },
    ]);
    await expect(call('byPos', ['A-1', 'y'])).rejects.toMatchObject({ code: 'sql_result_too_large' });
    await expect(call('byName', { min: 1 })).rejects.toMatchObject({ code: 'sql_parameter_missing' });
  });

  it('an SQL injection attempt through message values has no effect', async () => {
    const attacks = ["A-1' OR '1'='1", "x'; DROP TABLE secrets; --", "x\\'; DROP TABLE secrets; -- ", 'x" OR 1=1 --'];
    for (const a of attacks) {
      expect((await call('byPos', [a, a])).payload).toEqual([]);
      await call('note', { note: a, serial: 'B-1' });
    }
    // The hostile text is stored as it is, the table is still there, nothing else changed.
    expect((await call('byPos', ['B-1', 'none'])).payload).toHaveLength(1);
    expect((await call('noteOf', { serial: 'B-1' })).payload).toEqual([{ note: attacks.at(-1) }]);
    expect(Number(((await call('count', { p: '%' })).payload as Array<{ n: unknown }>)[0]?.n)).toBe(5);
    expect((await call('secrets', {})).payload).toEqual([{ k: 'top' }]);
    // Only B-1 was updated: no other row got the note.
    expect((await call('byPos', ['none', attacks.at(-1)])).payload).toEqual([{ serial: 'B-1' }]);
    // A column name from a message key is checked, never quoted around.
    await expect(call('insert', [{ 'serial) VALUES (1); DROP TABLE secrets; --': 1 }])).rejects.toMatchObject({
      code: 'sql_rows_invalid',
    });
  });

  it('a transaction rolls back every statement when one fails, and the error is coded', async () => {
    const before = Number(((await call('count', { p: '%' })).payload as Array<{ n: unknown }>)[0]?.n);
    // The second insert collides with the unique serial A-1: the first insert must vanish too.
    await expect(call('tx', { a: 'T-1', b: 'A-1' })).rejects.toMatchObject({ code: 'sql_failed' });
    expect(((await call('byPos', ['T-1', 'none'])).payload as unknown[]).length).toBe(0);
    expect(Number(((await call('count', { p: '%' })).payload as Array<{ n: unknown }>)[0]?.n)).toBe(before);
    await call('tx', { a: 'T-1', b: 'T-2' });
    expect(Number(((await call('count', { p: 'T-%' })).payload as Array<{ n: unknown }>)[0]?.n)).toBe(2);
  });

  it('inserts 10,000 rows in one batch and upserts on the conflict key', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => ({ serial: `S-${i}`, qty: i, note: `batch ${i}` }));
    const t0 = performance.now();
    const done = await call('insert', rows);
    const ms = performance.now() - t0;
    console.log(
      `${kind.name}: 10,000 rows inserted in ${ms.toFixed(0)} ms = ${Math.round(10_000 / (ms / 1000))} rows/s`,
    );
    expect(done['sql']).toMatchObject({ rows: 10_000 });
    expect(Number(((await call('count', { p: 'S-%' })).payload as Array<{ n: unknown }>)[0]?.n)).toBe(10_000);
    await call('upsert', [
      { serial: 'S-1', qty: 1001 },
      { serial: 'U-1', qty: 1 },
    ]);
    expect((await call('byName', { min: 1000, prefix: 'S-1' })).payload).toContainEqual({ serial: 'S-1', qty: 1001 });
    expect(Number(((await call('count', { p: 'S-%' })).payload as Array<{ n: unknown }>)[0]?.n)).toBe(10_000);
    expect(Number(((await call('count', { p: 'U-%' })).payload as Array<{ n: unknown }>)[0]?.n)).toBe(1);
  });

  it('sql-poll hands over new rows by an id and by a timestamp watermark, each once, in batches', async () => {
    const base = Date.UTC(2026, 0, 1, 6, 0, 0);
    const stamp = (i: number) => new Date(base + i * 1_500).toISOString().replace('T', ' ').replace('Z', '');
    const rows = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, k) => ({ at: stamp(from + k), n: from + k }));
    await call('insertEv', rows(0, 30));
    const poll = (id: string, watermark: string) => ({
      id,
      type: 'sql-poll',
      typeVersion: 1,
      position: { x: 0, y: 0 },
      config: { database: kind.key, [kind.key]: 'db', table: 'ev', watermark, intervalMs: 50, batchSize: 7 },
    });
    const p = await runFlow(
      {
        version: 1,
        id: 'poll',
        name: 'poll',
        configs: [{ id: 'db', type: kind.type, typeVersion: 1, config: db.config }],
        nodes: [poll('byId', 'id'), poll('byTime', 'at')],
        wires: [],
      },
      nodes,
      { confinement, credentials: { db: db.credentials } },
    );
    try {
      const ns = async (id: string, total: number) => {
        const deadline = Date.now() + 10_000;
        const got = () => p.outputs(id).flatMap((m) => (m.payload as Array<{ n: number }>).map((r) => r.n));
        while (got().length < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        await new Promise((r) => setTimeout(r, 100)); // a repeat would show now
        return got();
      };
      const expected = (to: number) => Array.from({ length: to }, (_, i) => i);
      expect(await ns('byId', 30)).toEqual(expected(30));
      expect(await ns('byTime', 30)).toEqual(expected(30));
      expect(p.outputs('byId')[0]?.payload).toHaveLength(7);
      await call('insertEv', rows(30, 35));
      expect(await ns('byId', 35)).toEqual(expected(35));
      expect(await ns('byTime', 35)).toEqual(expected(35));
      expect(p.errors()).toEqual([]);
    } finally {
      await p.stop();
    }
  });
});

describe('postgres-db when the server goes away', () => {
  let pgServer: Awaited<ReturnType<typeof startPostgres>> | undefined;
  let h: FlowHarness | undefined;
  afterAll(async () => {
    await h?.stop();
    await pgServer?.stop();
  }, 30_000);

  it('reports the loss (coded error, red badge), then reconnects by itself when the server is back', async () => {
    pgServer = await startPostgres();
    const s = pgServer;
    h = await runFlow(
      {
        version: 1,
        id: 'pg-restart',
        name: 'pg restart',
        configs: [
          {
            id: 'db',
            type: 'postgres-db',
            typeVersion: 1,
            config: { host: s.host, port: s.port, database: s.database, user: s.user, connectTimeoutMs: 1_000 },
          },
        ],
        nodes: [
          {
            id: 'q',
            type: 'sql-query',
            typeVersion: 1,
            position: { x: 0, y: 0 },
            config: { database: 'postgres', postgres: 'db', sql: 'SELECT 1 AS one' },
          },
        ],
        wires: [],
      },
      nodes,
      { confinement, credentials: { db: { password: s.password } } },
    );
    const h1 = h;
    const ask = async () => {
      const before = h1.outputs('q').length;
      const errors = h1.errors('q').length;
      h1.send('q', { payload: {} });
      for (;;) {
        if (h1.outputs('q').length > before) return 'ok';
        const e = h1.errors('q')[errors];
        if (e) return e.error.code;
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    const badge = (text: RegExp) =>
      h1.waitForEvent((e) => e.type === 'status' && e.nodeId === 'db' && text.test(e.status?.text ?? ''), 10_000);
    expect(await ask()).toBe('ok');
    const restarted = s.restart(1_500);
    await new Promise((r) => setTimeout(r, 300)); // the server is down now
    expect(await ask()).toBe('sql_unavailable');
    await badge(/^disconnected/);
    await restarted;
    // The probe finds the server again without any message.
    await badge(/^connected$/);
    expect(await ask()).toBe('ok');
  });
});
