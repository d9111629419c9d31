import { UserError, type LoginResponse, type MeResponse } from '@millwright/model';
import { Router } from 'express';
import type { AuditLog } from '../audit/audit-log.js';
import { bearerToken } from '../auth/authenticator.js';
import type { LoginLimiter } from '../auth/login-limiter.js';
import type { SessionStore } from '../auth/session-store.js';
import type { UserStore } from '../auth/user-store.js';
import { ipOf, principalOf } from './auth-gate.js';

/**
 * `POST /auth/login` (`LoginRequest` -> `LoginResponse`; 401 `invalid_login`, 429
 * `too_many_attempts` with `Retry-After`), `POST /auth/logout` (ends the caller's login token),
 * `GET /auth/me` (`MeResponse`). Logins, failures and logouts are audited.
 */
export function authRoutes(args: {
  users: UserStore;
  sessions: SessionStore;
  limiter: LoginLimiter;
  audit: AuditLog;
}): Router {
  const { users, sessions, limiter, audit } = args;
  const router = Router();

  router.post('/auth/login', async (req, res) => {
    const body: unknown = req.body;
    const username = read(body, 'username');
    const password = read(body, 'password');
    if (typeof username !== 'string' || typeof password !== 'string' || !username || !password)
      throw new UserError('invalid_request', 'expected a JSON object { username, password }');
    const { ip } = ipOf(req);
    const wait = limiter.retryAfterMs(username, ip ?? '');
    if (wait > 0) {
      await audit.record({
        action: 'login-failed',
        actor: username.slice(0, 64),
        ...ipOf(req),
        details: { reason: 'locked' },
      });
      res.setHeader('Retry-After', String(Math.ceil(wait / 1000)));
      throw new UserError('too_many_attempts', `too many failed logins; try again in ${Math.ceil(wait / 1000)} s`);
    }
    const user = await users.verify(username, password);
    if (!user) {
      limiter.failed(username, ip ?? '');
      await audit.record({
        action: 'login-failed',
        actor: username.slice(0, 64),
        ...ipOf(req),
        details: { reason: 'wrong' },
      });
      throw new UserError('invalid_login', 'wrong user name or password');
    }
    limiter.succeeded(username);
    const { token, expiresAt } = sessions.issue(user.username);
    await audit.record({ action: 'login', actor: user.username, ...ipOf(req), details: { role: user.role } });
    const answer: LoginResponse = {
      token,
      expiresAt: new Date(expiresAt).toISOString(),
      user: { username: user.username, role: user.role },
    };
    res.setHeader('Cache-Control', 'no-store');
    res.json(answer);
  });

  router.post('/auth/logout', async (req, res) => {
    const p = principalOf(req);
    const token = bearerToken(req);
    if (p.via === 'session' && token) {
      sessions.revoke(token);
      await audit.record({ action: 'logout', actor: p.username, ...ipOf(req) });
    }
    res.status(204).end();
  });

  router.get('/auth/me', (req, res) => {
    const p = principalOf(req);
    const answer: MeResponse = {
      username: p.username,
      role: p.role,
      via: p.via,
      ...(p.expiresAt !== undefined ? { expiresAt: new Date(p.expiresAt).toISOString() } : {}),
    };
    res.json(answer);
  });
  return router;
}

function read(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? Reflect.get(value, key) : undefined;
}
