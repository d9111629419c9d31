import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Role } from '@millwright/model';
import { isLocalRequest, isOpen, type AuthPolicy } from './auth-policy.js';
import type { SessionStore } from './session-store.js';
import type { UserStore } from './user-store.js';

/** Who a request acts as. */
export interface Principal {
  username: string;
  role: Role;
  /** `session`: login token; `service`: the static token; `open`: open loopback access. */
  via: 'session' | 'service' | 'open';
  /** Expiry of the login token (sessions only). */
  expiresAt?: number;
}

/** Names used for principals that are not users (and in the audit log). */
export const SERVICE_ACTOR = 'service-token';
export const OPEN_ACTOR = 'open-access';

/** Subprotocol browsers offer alongside `bearer.<token>` on the websocket; the server selects it. */
export const WS_PROTOCOL = 'millwright';

/**
 * Resolves a bearer token to a `Principal`: a login token from the session store (the role is
 * read from the user store each time, so role changes and removals apply at once; a single
 * sign-on session has the role its claims gave at login), or the static
 * service token. Without a token the request is anonymous, which only succeeds in open mode.
 */
export class Authenticator {
  constructor(private readonly args: { policy: AuthPolicy; users: UserStore; sessions: SessionStore }) {}

  /** True while no credentials are needed (see `isOpen`). */
  get open(): boolean {
    return isOpen(this.args.policy, this.args.users.count);
  }

  /**
   * The principal of `token`, `missing` when there is no token and one is needed, or `invalid`
   * for an unknown, expired or revoked token. A wrong token is refused even in open mode, so a
   * stale token is noticed instead of silently ignored. With `req`, open access also needs a
   * local request (`isLocalRequest`), else `not-local`.
   */
  authenticate(token: string | undefined, req?: IncomingMessage): Principal | 'missing' | 'invalid' | 'not-local' {
    const { policy, users, sessions } = this.args;
    if (token === undefined || token === '') {
      if (!this.open) return 'missing';
      if (req && !isLocalRequest(req)) return 'not-local';
      return { username: OPEN_ACTOR, role: 'admin', via: 'open' };
    }
    if (policy.serviceToken !== undefined && sameSecret(token, policy.serviceToken))
      return { username: SERVICE_ACTOR, role: policy.serviceRole, via: 'service' };
    const session = sessions.resolve(token);
    if (session?.sso)
      return { username: session.username, role: session.sso.role, via: 'session', expiresAt: session.expiresAt };
    const user = session && users.get(session.username);
    if (!session || !user) return 'invalid';
    return { username: user.username, role: user.role, via: 'session', expiresAt: session.expiresAt };
  }
}

/** The token of `Authorization: Bearer <token>`, if any. */
export function bearerToken(req: IncomingMessage): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
}

/**
 * The token of a websocket upgrade: the `Authorization` header, else a `bearer.<token>` entry of
 * `Sec-WebSocket-Protocol` (offer it together with `millwright`), else `?token=` (browsers
 * cannot set headers on a websocket; the query may end up in proxy logs, so prefer the protocol).
 */
export function websocketToken(req: IncomingMessage): string | undefined {
  const header = bearerToken(req);
  if (header) return header;
  const protocols = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  const fromProtocol = protocols.find((p) => p.startsWith('bearer.'))?.slice('bearer.'.length);
  if (fromProtocol) return fromProtocol;
  return new URL(req.url ?? '/', 'http://localhost').searchParams.get('token') ?? undefined;
}

/** Constant-time comparison; hashing first makes the lengths equal. */
function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}
