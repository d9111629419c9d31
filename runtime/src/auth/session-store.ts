import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '@millwright/model';

/** Default lifetime of a login token. */
export const DEFAULT_SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** An issued login token's record. The token itself is never kept, only its SHA-256. */
export interface Session {
  username: string;
  expiresAt: number;
  /**
   * Single sign-on: the role mapped from the identity provider's claims at login (such users are
   * not in the user store) and the ID token for the provider's logout.
   */
  sso?: { role: Role; idToken?: string | undefined };
}

/**
 * Login tokens: 32 random bytes (base64url, prefixed `mwt_` so leaked tokens are easy to grep
 * for), looked up by their SHA-256 so a memory dump or heap snapshot does not reveal usable tokens.
 * Sessions live in memory: a runtime restart logs everybody out, and nothing token-like is
 * written to disk. A local user's role is not stored here: it is read from the user store on every
 * request, so a role change applies at once. A single sign-on session keeps the role its claims
 * gave at login, until it ends.
 */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly ttlMs = DEFAULT_SESSION_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Issues a new token for `username` (with `sso`: a single sign-on session). */
  issue(username: string, sso?: Session['sso']): { token: string; expiresAt: number } {
    this.prune();
    const token = `mwt_${randomBytes(32).toString('base64url')}`;
    const expiresAt = this.now() + this.ttlMs;
    this.sessions.set(digest(token), { username, expiresAt, ...(sso ? { sso } : {}) });
    return { token, expiresAt };
  }

  /** The live session of `token`, or undefined (unknown, revoked or expired). */
  resolve(token: string): Session | undefined {
    const key = digest(token);
    const s = this.sessions.get(key);
    if (!s) return undefined;
    if (s.expiresAt <= this.now()) {
      this.sessions.delete(key);
      return undefined;
    }
    return s;
  }

  /** Ends one session (logout). True when it existed. */
  revoke(token: string): boolean {
    return this.sessions.delete(digest(token));
  }

  /** Ends every local session of a user (password change, removal). Returns how many ended. */
  revokeUser(username: string): number {
    let n = 0;
    for (const [key, s] of this.sessions)
      if (s.username === username && !s.sso) {
        this.sessions.delete(key);
        n++;
      }
    return n;
  }

  get size(): number {
    return this.sessions.size;
  }

  private prune(): void {
    const now = this.now();
    for (const [key, s] of this.sessions) if (s.expiresAt <= now) this.sessions.delete(key);
  }
}

function digest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
