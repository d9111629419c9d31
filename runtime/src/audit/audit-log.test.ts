import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from './audit-log.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mw-audit-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('AuditLog', () => {
  it('appends one JSON line per entry (mode 0600) and reads the newest first', async () => {
    const log = await AuditLog.open(dir);
    await log.record({ action: 'login', actor: 'alice', ip: '127.0.0.1' });
    await log.record({ action: 'deploy', actor: 'alice', details: { revision: '2-abc', flows: ['f1'] } });
    const lines = (await readFile(join(dir, 'audit.log'), 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]!)).toMatchObject({ action: 'login', actor: 'alice', time: expect.any(String) });
    if (process.platform !== 'win32') expect((await stat(join(dir, 'audit.log'))).mode & 0o777).toBe(0o600);
    expect((await log.recent(10)).map((e) => e.action)).toEqual(['deploy', 'login']);
    expect((await log.recent(1)).map((e) => e.action)).toEqual(['deploy']);
    await log.close();
  });

  it('keeps appending across reopen (append-only) and other writers', async () => {
    const a = await AuditLog.open(dir);
    await a.record({ action: 'login', actor: 'a' });
    await a.close();
    const b = await AuditLog.open(dir);
    const cli = await AuditLog.open(dir);
    await b.record({ action: 'logout', actor: 'a' });
    await cli.record({ action: 'key-rotate', actor: 'cli' });
    expect((await b.recent(10)).map((e) => e.action)).toEqual(['key-rotate', 'logout', 'login']);
    await b.close();
    await cli.close();
  });

  it('redacts string values of secret-looking detail keys', async () => {
    const log = await AuditLog.open(dir);
    await log.record({
      action: 'user-update',
      actor: 'admin',
      details: { username: 'bob', password: 'oops-a-secret', passwordChanged: true, keys: ['password'] },
    });
    const text = await readFile(join(dir, 'audit.log'), 'utf8');
    expect(text).not.toContain('oops-a-secret');
    expect(JSON.parse(text).details).toEqual({
      username: 'bob',
      password: '[redacted]',
      passwordChanged: true,
      keys: ['password'],
    });
    await log.close();
  });

  it('reports write failures without rejecting', async () => {
    const errors: unknown[] = [];
    const log = await AuditLog.open(dir, (err) => errors.push(err));
    await log.close();
    await expect(log.record({ action: 'login', actor: 'x' })).resolves.toBeUndefined();
    expect(errors).toHaveLength(1);
  });

  it('keeps the last entries in memory without a data dir', async () => {
    const log = await AuditLog.open();
    for (let i = 0; i < 1_005; i++) await log.record({ action: 'login', actor: `u${i}` });
    const recent = await log.recent(2_000);
    expect(recent).toHaveLength(1_000);
    expect(recent[0]!.actor).toBe('u1004');
  });

  it('tallies repeated refusals: the first at once, the rest as one line per key and period', async () => {
    const log = await AuditLog.open(dir);
    const failed = (actor: string, ip: string) =>
      log.tally(`${actor}\n${ip}`, { action: 'login-failed', actor, ip, details: { reason: 'wrong' } });
    for (let i = 0; i < 500; i++) failed('alice', '10.0.0.1');
    failed('bob', '10.0.0.2');
    await log.recent(); // waits for the writes
    expect((await log.recent(10)).map((e) => [e.actor, e.details?.['count']])).toEqual([
      ['bob', 1],
      ['alice', 1],
    ]);
    await log.flushTallies();
    expect((await log.recent(10)).map((e) => [e.actor, e.details?.['count']])).toEqual([
      ['alice', 499],
      ['bob', 1],
      ['alice', 1],
    ]);
    // Beyond 100 keys in a period, refusals fold into one line with actor `*`.
    for (let i = 0; i < 1_200; i++) failed(`u${i}`, `10.1.${i >> 8}.${i & 255}`);
    await log.close();
    const lines = (await readFile(join(dir, 'audit.log'), 'utf8')).trim().split('\n');
    expect(lines.length).toBe(3 + 100 + 1);
    const folded = lines.map((l) => JSON.parse(l) as { actor: string; ip?: string; details: { count: number } });
    expect(folded.find((e) => e.actor === '*')).toMatchObject({ details: { count: 1_100 } });
    expect(folded.find((e) => e.actor === '*')?.ip).toBeUndefined();
  });
});
