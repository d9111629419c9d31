import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditEntry, LoginResponse, MeResponse } from '@millwright/model';
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { passwordOf, ROLE_USERS, startSecuredRuntime, type SecuredRuntime } from '../auth/fixtures/secured-runtime.js';
import { PAIR_STEP } from '../auth/login-throttle.js';
import { UserStore } from '../auth/user-store.js';
import { createRuntime } from '../runtime.js';
import { FIXTURE_NODES, startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';

const TOKEN = 'test-token-0123456789abcdef';

let t: TestRuntime | SecuredRuntime | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await t?.close();
  t = undefined;
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mw-auth-'));
  dirs.push(dir);
  return dir;
}

/** Starts a secured runtime that afterEach closes. */
async function secured(): Promise<SecuredRuntime> {
  const s = await startSecuredRuntime();
  t = s;
  return s;
}

const auditOf = async (s: SecuredRuntime) =>
  (await s.api('GET', '/api/audit?limit=1000', undefined, s.tokens.admin)).body as AuditEntry[];

describe('start-up policy', () => {
  it('refuses a non-loopback host without users or token, before listening', async () => {
    await expect(
      createRuntime({
        dataDir: await tempDir(),
        host: '0.0.0.0', // never bound: createRuntime refuses before listening
        port: 0,
        nodeModules: [FIXTURE_NODES],
        env: {},
        logger: pino({ level: 'silent' }),
      }),
    ).rejects.toMatchObject({ code: 'auth_token_required', message: expect.stringContaining('millwright user add') });
  });

  it('refuses loopback with auth.openOnLoopback false and nobody to log in', async () => {
    const dataDir = await tempDir();
    await writeFile(join(dataDir, 'settings.json'), JSON.stringify({ auth: { openOnLoopback: false } }));
    await expect(startTestRuntime({ dataDir })).rejects.toMatchObject({ code: 'auth_token_required' });
  });

  it('answers 401 to anonymous requests on loopback with openOnLoopback false', async () => {
    t = await startSecuredRuntime();
    expect(await t.api('GET', '/api/flows')).toMatchObject({
      status: 401,
      body: { code: 'unauthorized', hint: expect.stringContaining('/api/auth/login') },
    });
    expect((await t.api('GET', '/healthz')).status).toBe(200);
    expect((await t.api('GET', '/metrics')).status).toBe(200);
  });

  it('is open on loopback while nobody is configured, and closes once the first user is added', async () => {
    t = await startTestRuntime();
    expect((await t.api('GET', '/api/auth/me')).body).toMatchObject({
      username: 'open-access',
      role: 'admin',
      via: 'open',
    });
    const added = await t.api('POST', '/api/users', { username: 'first', password: 'first-password', role: 'admin' });
    expect(added.status).toBe(201);
    expect((await t.api('GET', '/api/flows')).status).toBe(401);
    const login = await t.api('POST', '/api/auth/login', { username: 'first', password: 'first-password' });
    expect((await t.api('GET', '/api/flows', undefined, (login.body as LoginResponse).token)).status).toBe(200);
    expect(t.runtime.security!.audit).toBeDefined();
    const audit = (await t.api('GET', '/api/audit', undefined, (login.body as LoginResponse).token))
      .body as AuditEntry[];
    expect(audit.map((e) => [e.action, e.actor])).toEqual([
      ['login', 'first'],
      ['user-add', 'open-access'],
    ]);
  });

  it('serves open access only to local pages: foreign Host or Origin headers are refused', async () => {
    t = await startTestRuntime();
    const port = new URL(t.url).port;
    const status = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: '/api/flows', headers }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject).end();
      });
    expect(await status({ host: `127.0.0.1:${port}` })).toBe(200);
    expect(await status({ host: `localhost:${port}`, origin: `http://localhost:${port}` })).toBe(200);
    expect(await status({ host: `rebound.example:${port}` })).toBe(401);
    expect(await status({ host: `127.0.0.1:${port}`, origin: 'https://evil.example' })).toBe(401);
  });

  it('keeps the static token as a service token with the role from settings', async () => {
    const dataDir = await tempDir();
    await writeFile(join(dataDir, 'settings.json'), JSON.stringify({ auth: { tokenRole: 'operator' } }));
    t = await startTestRuntime({ dataDir, env: { MILLWRIGHT_TOKEN: TOKEN } });
    expect((await t.api('GET', '/api/flows')).status).toBe(401);
    expect((await t.api('GET', '/api/auth/me', undefined, TOKEN)).body).toEqual({
      username: 'service-token',
      role: 'operator',
      via: 'service',
    });
    expect((await t.api('GET', '/api/flows', undefined, TOKEN)).status).toBe(200);
    expect((await t.api('POST', '/api/flows', { flows: [] }, TOKEN)).status).toBe(403);
  });
});

describe('login sessions', () => {
  it('logs in, tells who is logged in, and audits logins and failures', async () => {
    const s = await secured();
    const res = await s.login('Otto', passwordOf('otto')); // user names are case-insensitive
    expect(res.status).toBe(200);
    const body = res.body as LoginResponse;
    expect(body.user).toEqual({ username: 'otto', role: 'operator' });
    expect(Date.parse(body.expiresAt) - Date.now()).toBeGreaterThan(11.9 * 3600 * 1000);
    const me = (await s.api('GET', '/api/auth/me', undefined, body.token)).body as MeResponse;
    expect(me).toMatchObject({ username: 'otto', role: 'operator', via: 'session', expiresAt: body.expiresAt });

    expect(await s.login('otto', 'wrong-password')).toMatchObject({ status: 401, body: { code: 'invalid_login' } });
    expect(await s.login('nobody', 'whatever-pass')).toMatchObject({ status: 401, body: { code: 'invalid_login' } });
    const audit = await auditOf(s);
    expect(audit.slice(0, 3).map((e) => [e.action, e.actor])).toEqual([
      ['login-failed', 'nobody'],
      ['login-failed', 'otto'],
      ['login', 'otto'],
    ]);
    expect(audit[0]!.ip).toBe('127.0.0.1');
    expect(JSON.stringify(audit)).not.toContain('wrong-password');
    expect(JSON.stringify(audit)).not.toContain(body.token);
  });

  it('backs off after repeated failures, even for the right password, and audits it', async () => {
    const s = await secured();
    for (let i = 0; i <= PAIR_STEP.free; i++) expect((await s.login('vera', `wrong-${i}-password`)).status).toBe(401);
    const locked = await fetch(`${s.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'vera', password: passwordOf('vera') }),
    });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await locked.json()).toMatchObject({ code: 'too_many_attempts' });
    expect((await auditOf(s))[0]).toMatchObject({
      action: 'login-failed',
      actor: 'vera',
      details: { reason: 'throttled', count: 1 },
    });
  });

  it('refuses names and passwords too long to be real without hashing them', async () => {
    const s = await secured();
    const verify = vi.spyOn(UserStore.prototype, 'verify');
    expect(await s.login('x'.repeat(100_000), 'whatever-pass')).toMatchObject({ status: 401 });
    expect(await s.login('vera', 'p'.repeat(10_000))).toMatchObject({ status: 401 });
    expect(verify).not.toHaveBeenCalled();
    verify.mockRestore();
    expect((await auditOf(s))[0]).toMatchObject({
      action: 'login-failed',
      actor: 'vera',
      details: { reason: 'wrong' },
    });
  });

  it('ends the session on logout', async () => {
    const s = await secured();
    const token = s.tokens.editor;
    expect((await s.api('POST', '/api/auth/logout', undefined, token)).status).toBe(204);
    expect((await s.api('GET', '/api/flows', undefined, token)).status).toBe(401);
    expect((await auditOf(s))[0]).toMatchObject({ action: 'logout', actor: ROLE_USERS.editor });
  });

  it('applies a role change at once and ends sessions on password change and removal', async () => {
    const s = await secured();
    const { admin, viewer, operator } = s.tokens;
    expect((await s.api('POST', '/api/inject/x', undefined, viewer)).status).toBe(403);
    await s.api('PATCH', '/api/users/vera', { role: 'operator' }, admin);
    expect((await s.api('POST', '/api/inject/x', undefined, viewer)).status).toBe(404); // allowed now: no such node

    expect((await s.api('PATCH', '/api/users/vera', { password: 'a-new-password' }, admin)).status).toBe(200);
    expect((await s.api('GET', '/api/flows', undefined, viewer)).status).toBe(401);
    expect((await s.login('vera', 'a-new-password')).status).toBe(200);

    expect((await s.api('DELETE', '/api/users/otto', undefined, admin)).status).toBe(204);
    expect((await s.api('GET', '/api/flows', undefined, operator)).status).toBe(401);
    const audit = await auditOf(s);
    expect(audit.slice(0, 4).map((e) => e.action)).toEqual(['user-remove', 'login', 'user-update', 'user-update']);
    expect(audit[2]!.details).toMatchObject({ username: 'vera', passwordChanged: true, sessionsEnded: 1 });
  });

  it('never removes or demotes the last admin through the API', async () => {
    const s = await secured();
    const { admin } = s.tokens;
    expect(await s.api('DELETE', '/api/users/ada', undefined, admin)).toMatchObject({
      status: 409,
      body: { code: 'last_admin' },
    });
    expect(await s.api('PATCH', '/api/users/ada', { role: 'viewer' }, admin)).toMatchObject({ status: 409 });
    expect((await s.api('GET', '/api/users', undefined, admin)).body).toContainEqual(
      expect.objectContaining({ username: 'ada', role: 'admin' }),
    );
  });

  it('never shows password hashes', async () => {
    const s = await secured();
    const users = await s.api('GET', '/api/users', undefined, s.tokens.admin);
    expect(users.text).not.toContain('scrypt');
    expect(users.text).not.toContain('password');
  });
});
