import { UserError, type LoginResponse, type LogoutResponse, type MeResponse } from '@millwright/model';
import { Router, type Response } from 'express';
import type { AuditLog } from '../audit/audit-log.js';
import { bearerToken } from '../auth/authenticator.js';
import type { HashSlots } from '../auth/hash-slots.js';
import type { LoginThrottle } from '../auth/login-throttle.js';
import type { OidcLogin } from '../auth/oidc-login.js';
import type { SessionStore } from '../auth/session-store.js';
import type { UserStore } from '../auth/user-store.js';
import { ipOf, principalOf } from './auth-gate.js';

/** Longest pause before a throttled login is answered. */
const HOLD_MS = 1_000;
/** Most throttled logins held at once; beyond that they are answered without a pause. */
const MAX_HELD = 256;
/** Longest user name (as `UserStore` allows) and password a login checks. */
const MAX_NAME = 64;
const MAX_PASSWORD = 4_096;

/**
 * `POST /auth/login` (`LoginRequest` -> `LoginResponse`; 401 `invalid_login`, 429
 * `too_many_attempts` with `Retry-After`), `POST /auth/logout` (ends the caller's login token;
 * 204, or for a single sign-on session `LogoutResponse` with the provider's logout URL),
 * `GET /auth/me` (`MeResponse`). Logins and logouts are audited; refused logins are tallied
 * (one line per user name, address and reason per minute, see `AuditLog.tally`).
 *
 * A login is throttled before its password is hashed (`LoginThrottle`), and hashing waits for
 * one of few slots (`HashSlots`), so a flood of wrong logins neither burns CPU nor takes the
 * thread pool that deploys write files with.
 */
export function authRoutes(args: {
  users: UserStore;
  sessions: SessionStore;
  throttle: LoginThrottle;
  hashSlots: HashSlots;
  audit: AuditLog;
  oidc?: OidcLogin | undefined;
}): Router {
  const { users, sessions, throttle, hashSlots, audit, oidc } = args;
  const router = Router();
  const refuse = (username: string, ip: string | undefined, reason: 'wrong' | 'throttled' | 'busy') => {
    const actor = username.slice(0, MAX_NAME).toLowerCase();
    audit.tally(`${actor}\n${ip ?? ''}\n${reason}`, {
      action: 'login-failed',
      actor,
      ...(ip ? { ip } : {}),
      details: { reason },
    });
  };
  // Refusals are answered after a pause (up to 1 s, at most 256 held at once): a client that
  // waits for each answer, as a password guesser must, then sends at most one try per second,
  // instead of thousands of cheap 429s that would take the event loop from everyone else.
  let held = 0;
  const tooMany = async (res: Response, waitMs: number, message: string): Promise<UserError> => {
    if (held < MAX_HELD) {
      held++;
      await new Promise((r) => setTimeout(r, Math.min(waitMs, HOLD_MS)));
      held--;
    }
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    res.setHeader('Retry-After', String(seconds));
    return new UserError('too_many_attempts', `${message}; try again in ${seconds} s`);
  };

  router.post('/auth/login', async (req, res) => {
    const body: unknown = req.body;
    const username = read(body, 'username');
    const password = read(body, 'password');
    if (typeof username !== 'string' || typeof password !== 'string' || !username || !password)
      throw new UserError('invalid_request', 'expected a JSON object { username, password }');
    const { ip } = ipOf(req);
    // No user name is longer than 64 characters: longer ones fail without hashing, and never
    // become (megabytes long) keys of the throttle.
    if (username.length > MAX_NAME || password.length > MAX_PASSWORD) {
      throttle.failed(username.slice(0, MAX_NAME + 1), ip ?? '');
      refuse(username, ip, 'wrong');
      throw new UserError('invalid_login', 'wrong user name or password');
    }
    const verdict = throttle.check(username, ip ?? '');
    if (verdict.waitMs > 0) {
      refuse(username, ip, 'throttled');
      throw await tooMany(res, verdict.waitMs, 'too many failed logins');
    }
    const user = await hashSlots.run(() => users.verify(username, password), verdict.known);
    if (user === 'busy') {
      refuse(username, ip, 'busy');
      throw await tooMany(res, 1_000, 'too many logins at once');
    }
    if (!user) {
      throttle.failed(username, ip ?? '');
      refuse(username, ip, 'wrong');
      throw new UserError('invalid_login', 'wrong user name or password');
    }
    throttle.succeeded(username, ip ?? '');
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
    const session = token ? sessions.resolve(token) : undefined;
    if (p.via === 'session' && token) {
      sessions.revoke(token);
      await audit.record({ action: 'logout', actor: p.username, ...ipOf(req) });
    }
    if (!session?.sso || !oidc) return res.status(204).end();
    // Single sign-on: the provider's session ends at its logout page, which sends the browser back here.
    const back = new URL('/', oidc.settings.redirectUri).href;
    const endSessionUrl = await oidc.endSessionUrl(session.sso.idToken, back).catch(() => undefined);
    const answer: LogoutResponse = endSessionUrl ? { endSessionUrl } : {};
    res.json(answer);
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
