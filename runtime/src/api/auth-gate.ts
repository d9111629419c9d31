import type { IncomingMessage } from 'node:http';
import { UserError } from '@millwright/model';
import type { Request, RequestHandler } from 'express';
import type { AuditLog } from '../audit/audit-log.js';
import { bearerToken, type Authenticator, type Principal } from '../auth/authenticator.js';
import {
  can,
  minimumRole,
  permissionFor,
  ROUTE_PERMISSIONS,
  type Permission,
  type RouteRule,
} from '../auth/permissions.js';

const principals = new WeakMap<IncomingMessage, Principal>();

/**
 * The one access check of the admin API, mounted on `/api` before every route: finds the
 * request's permission in `ROUTE_PERMISSIONS` (routes not listed need `admin`), authenticates
 * the bearer token, and answers 401 `unauthorized` (no or bad token) or 403 `forbidden` (role
 * too weak) before any route runs, so a refused request changes nothing. Refusals of
 * authenticated callers are audited.
 */
export function authGate(args: {
  auth: Authenticator;
  audit?: AuditLog | undefined;
  /** Rules after `ROUTE_PERMISSIONS`: those of the routes node families contribute. */
  extraRules?: readonly RouteRule[];
}): RequestHandler {
  const rules = args.extraRules?.length ? [...ROUTE_PERMISSIONS, ...args.extraRules] : ROUTE_PERMISSIONS;
  return (req, _res, next) => {
    const permission = permissionFor(req.method, req.path, rules);
    if (permission === 'public') return next();
    const result = args.auth.authenticate(bearerToken(req), req);
    if (result === 'missing') return next(new UserError('unauthorized', 'this request needs a bearer token'));
    if (result === 'not-local')
      return next(
        new UserError(
          'unauthorized',
          'open access only answers pages on a loopback address (Host and Origin must be localhost, 127.x or [::1]); log in or send a token',
        ),
      );
    if (result === 'invalid')
      return next(new UserError('unauthorized', 'the bearer token is unknown, expired or revoked; log in again'));
    principals.set(req, result);
    if (can(result.role, permission)) return next();
    void args.audit?.record({
      action: 'forbidden',
      actor: result.username,
      ...ipOf(req),
      details: { method: req.method, path: req.originalUrl.split('?')[0], permission, role: result.role },
    });
    next(forbidden(result, permission));
  };
}

/** The authenticated caller of a request that passed `authGate`. */
export function principalOf(req: Request): Principal {
  const p = principals.get(req);
  if (!p) throw new Error('no principal: the route is not behind authGate');
  return p;
}

/** Throws 403 `forbidden` unless the caller has `permission` (for checks inside a route). */
export function assertPermission(req: Request, permission: Permission): void {
  const p = principalOf(req);
  if (!can(p.role, permission)) throw forbidden(p, permission);
}

/** `{ ip }` of the client, for audit entries. Proxies are not trusted: this is the socket's peer. */
export function ipOf(req: IncomingMessage): { ip?: string } {
  const ip = req.socket.remoteAddress;
  return ip ? { ip } : {};
}

function forbidden(p: Principal, permission: Permission): UserError {
  return new UserError(
    'forbidden',
    `${p.username} (role ${p.role}) may not do this: it needs "${permission}", which role ${minimumRole(permission)} and above have`,
  );
}
