import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Flow } from '@millwright/model';
import { DatabaseSync } from 'node:sqlite';
import { DEFAULT_OUTBOUND_POLICY, defineNode, holdMessage, runFlow } from '@millwright/sdk';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { bindValues, parseSql } from './db/parameters.js';
import { nodes } from './index.js';

describe('parseSql', () => {
  const pg = (i: number) => `$${i}`;
  it('turns :name and ? into the dialect placeholders, skipping literals, comments and casts', () => {
    const p = parseSql('SELECT \':no\', "a:b", x::int /* :c ? */ FROM t -- :d ?\nWHERE a = :a AND b = :o.id', pg);
    expect(p.text).toBe('SELECT \':no\', "a:b", x::int /* :c ? */ FROM t -- :d ?\nWHERE a = $1 AND b = $2');
    expect(bindValues(p, { a: 1, o: { id: 'x' } })).toEqual([1, 'x']);
    const q = parseSql('SELECT $$ ? $$, ? , ?', pg);
    expect(q.text).toBe('SELECT $$ ? $$, $1 , $2');
    expect(bindValues(q, ['a', null])).toEqual(['a', null]);
    expect(() => parseSql('SELECT :a, ?', pg)).toThrow(/either/);
  });

  it('binds objects as JSON and refuses a missing value', () => {
    const p = parseSql('INSERT INTO t VALUES (:doc, :flag)', () => '?');
    expect(bindValues(p, { doc: { a: [1] }, flag: true })).toEqual(['{"a":[1]}', true]);
    expect(() => bindValues(p, { doc: 1 })).toThrow(expect.objectContaining({ code: 'sql_parameter_missing' }));
    expect(() =>
      bindValues(
        parseSql('SELECT ?', () => '?'),
        'not an array',
      ),
    ).toThrow(expect.objectContaining({ code: 'sql_parameter_missing' }));
  });
});

describe('database config nodes', () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = '';
  });
  const failureOf = async (type: string, config: Record<string, unknown>, roots: string[]) => {
    const flow: Flow = {
      version: 1,
      id: 'f',
      name: 'f',
      configs: [{ id: 'db', type, typeVersion: 1, config }],
      nodes: [],
      wires: [],
    };
    const h = await runFlow(flow, nodes, { confinement: { fileRoots: roots, outbound: DEFAULT_OUTBOUND_POLICY } });
    // Either the node fails or its pool reports itself (a connected badge).
    const e = (await h.waitForEvent(
      (ev) => ev.type === 'error' || (ev.type === 'status' && ev.status?.text === 'connected'),
      3_000,
    )) as {
      error?: { code: string };
      status?: { text?: string };
    };
    await h.stop();
    return e.error?.code ?? e.status?.text;
  };

  it('keeps a SQLite file inside the allowed folders, also through a link', async () => {
    dir = await mkdtemp(join(tmpdir(), 'mw-sqlite-conf-'));
    const allowed = join(dir, 'files');
    await mkdir(allowed);
    await mkdir(join(dir, 'secret'));
    await symlink(join(dir, 'secret'), join(allowed, 'link'));
    expect(await failureOf('sqlite-db', { file: '../secret/x.db' }, [allowed])).toBe('file_outside_base');
    expect(await failureOf('sqlite-db', { file: 'link/x.db' }, [allowed])).toBe('file_outside_base');
    expect(await failureOf('sqlite-db', { file: 'ok.db' }, [allowed])).toBe('connected');
  });

  it('refuses a server the outbound policy does not allow (loopback by default)', async () => {
    const cfg = { host: '127.0.0.1', port: 5432, database: 'x', user: 'u' };
    expect(await failureOf('postgres-db', cfg, [tmpdir()])).toBe('outbound_denied');
    expect(await failureOf('mysql-db', { ...cfg, port: 3306 }, [tmpdir()])).toBe('outbound_denied');
  });
});

describe('sqlite-db values', () => {
  it('reads a 64-bit integer as text and a small one as a number', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mw-sqlite-int-'));
    const h = await runFlow(
      {
        version: 1,
        id: 'i',
        name: 'i',
        configs: [{ id: 'db', type: 'sqlite-db', typeVersion: 1, config: { file: join(dir, 'i.db') } }],
        nodes: [
          {
            id: 'q',
            type: 'sql-query',
            typeVersion: 1,
            position: { x: 0, y: 0 },
            config: { database: 'sqlite', sqlite: 'db', sql: 'SELECT 9007199254740993 AS big, 42 AS small, ? AS echo' },
          },
        ],
        wires: [],
      },
      nodes,
      { confinement: { fileRoots: [dir], outbound: DEFAULT_OUTBOUND_POLICY } },
    );
    try {
      h.send('q', { payload: ['x'] });
      const [out] = await h.waitForOutputs('q', 1);
      expect(out?.payload).toEqual([{ big: '9007199254740993', small: 42, echo: 'x' }]);
    } finally {
      await h.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('sql-poll handoff (SQLite)', () => {
  let held: Array<(dropped?: boolean) => void> = [];
  const keeper = defineNode({
    type: 'keeper',
    category: 'test',
    version: 1,
    description: 'keeps each message until the test lets it go',
    inputs: 1,
    outputs: [],
    config: z.object({}),
    setup: () => ({ input: (msg) => void held.push(holdMessage(msg)) }),
  });

  it('moves on only when the flow took a batch, and sends a dropped batch again', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mw-sql-poll-'));
    const db = new DatabaseSync(join(dir, 'p.db'));
    db.exec('CREATE TABLE ev (id INTEGER PRIMARY KEY, n INT)');
    for (let i = 1; i <= 5; i++) db.exec(`INSERT INTO ev (n) VALUES (${i})`);
    db.close();
    held = [];
    const h = await runFlow(
      {
        version: 1,
        id: 'p',
        name: 'p',
        configs: [{ id: 'db', type: 'sqlite-db', typeVersion: 1, config: { file: join(dir, 'p.db') } }],
        nodes: [
          {
            id: 'poll',
            type: 'sql-poll',
            typeVersion: 1,
            position: { x: 0, y: 0 },
            config: { database: 'sqlite', sqlite: 'db', table: 'ev', watermark: 'id', intervalMs: 50, batchSize: 3 },
          },
          { id: 'k', type: 'keeper', typeVersion: 1, position: { x: 0, y: 0 }, config: {} },
        ],
        wires: [{ from: { node: 'poll', port: 0 }, to: { node: 'k', port: 0 } }],
      },
      [...nodes, keeper],
      { confinement: { fileRoots: [dir], outbound: DEFAULT_OUTBOUND_POLICY } },
    );
    try {
      const ids = () => h.outputs('poll').map((m) => (m.payload as Array<{ id: number }>).map((r) => r.id));
      await vi.waitFor(() => expect(held).toHaveLength(1));
      await new Promise((r) => setTimeout(r, 200));
      expect(ids()).toEqual([[1, 2, 3]]); // one batch in the flow at a time
      held[0]?.(true); // dropped unfinished: the same rows again
      await vi.waitFor(() => expect(held).toHaveLength(2));
      expect(ids()).toEqual([
        [1, 2, 3],
        [1, 2, 3],
      ]);
      held[1]?.(); // taken: the next rows
      await vi.waitFor(() => expect(held).toHaveLength(3));
      expect(ids().at(-1)).toEqual([4, 5]);
    } finally {
      await h.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
