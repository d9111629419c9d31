import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { UserError } from '@millwright/model';
import type { RequestHandler } from 'express';
import type { RuntimeSettings } from '../storage/settings-store.js';

/** Whether the admin API and websocket need a bearer token, and why (logged at start). */
export interface AuthPolicy {
  required: boolean;
  token: string | undefined;
  reason: string;
}

/** Shortest accepted admin token (settings.json enforces the same). */
export const MIN_TOKEN_LENGTH = 16;

/** True for hosts only reachable from this machine: `localhost`, 127.0.0.0/8, `::1`. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  const v4 = h.startsWith('::ffff:') ? h.slice(7) : h;
  return isIP(v4) === 4 && v4.startsWith('127.');
}

/**
 * Decides the auth policy (secure by default). A token is needed when the server binds to a
 * non-loopback host, when `auth.required` is set, when `auth.openOnLoopback` is false, or when a
 * token is configured at all. Only a loopback server without a token is open, and only while
 * `auth.openOnLoopback` is true (the local demo).
 * Throws `UserError` `auth_token_required` when a token is needed but none is configured.
 * `token` is the explicit option, else `MILLWRIGHT_TOKEN`, else `auth.token` from settings.json.
 */
export function resolveAuth(args: {
  host: string;
  settings: RuntimeSettings['auth'];
  token?: string | undefined;
}): AuthPolicy {
  const { host, settings } = args;
  const token = args.token || settings.token || undefined;
  if (token !== undefined && token.length < MIN_TOKEN_LENGTH)
    throw new UserError('weak_token', `the admin token must be at least ${MIN_TOKEN_LENGTH} characters long`);
  const loopback = isLoopbackHost(host);
  const needs = !loopback
    ? `the server binds to the non-loopback host ${host}`
    : settings.required
      ? 'auth.required is true in settings.json'
      : !settings.openOnLoopback
        ? 'auth.openOnLoopback is false in settings.json'
        : undefined;
  if (needs && !token)
    throw new UserError(
      'auth_token_required',
      `refusing to start: ${needs} but no admin token is configured; set MILLWRIGHT_TOKEN (16+ characters) or auth.token in settings.json`,
    );
  if (needs) return { required: true, token, reason: needs };
  if (token) return { required: true, token, reason: 'an admin token is configured' };
  return { required: false, token: undefined, reason: `open access on loopback host ${host} (auth.openOnLoopback)` };
}

/** True when the request carries `Authorization: Bearer <token>` matching the policy, or none is required. */
export function isAuthorized(req: IncomingMessage, policy: AuthPolicy): boolean {
  if (!policy.required) return true;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match?.[1] !== undefined && policy.token !== undefined && sameSecret(match[1], policy.token);
}

/** Express middleware answering 401 `unauthorized` (through the error handler) without a valid token. */
export function requireToken(policy: AuthPolicy): RequestHandler {
  return (req, _res, next) => {
    if (isAuthorized(req, policy)) next();
    else next(new UserError('unauthorized', 'missing or invalid bearer token'));
  };
}

/** Constant-time comparison; hashing first makes the lengths equal. */
function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}
