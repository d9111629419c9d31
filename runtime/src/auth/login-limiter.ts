/** Failed logins allowed per user name and per client address before a lockout starts. */
export const FREE_ATTEMPTS = 5;
/** First lockout; it doubles with every further failure up to `MAX_LOCK_MS`. */
const FIRST_LOCK_MS = 1_000;
const MAX_LOCK_MS = 15 * 60 * 1000;
/** A key whose last failure is older than this starts over. */
const FORGET_MS = 30 * 60 * 1000;
/** Bound on tracked keys, so a flood of made-up names cannot grow memory without limit. */
const MAX_KEYS = 10_000;

interface Failures {
  failures: number;
  lastFailure: number;
  lockedUntil: number;
}

/**
 * In-memory backoff for failed logins, counted per user name and per client address. After
 * `FREE_ATTEMPTS` failures a key is locked for 1 s, then 2 s, 4 s... up to 15 min; while locked,
 * logins are refused without checking the password. A success clears the user name's count.
 */
export class LoginLimiter {
  private readonly records = new Map<string, Failures>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Milliseconds until `username` may try again from `ip`; 0 when a try is allowed now. */
  retryAfterMs(username: string, ip: string): number {
    const now = this.now();
    return Math.max(0, ...this.keys(username, ip).map((k) => (this.live(k, now)?.lockedUntil ?? 0) - now));
  }

  failed(username: string, ip: string): void {
    const now = this.now();
    for (const key of this.keys(username, ip)) {
      const r = this.live(key, now) ?? { failures: 0, lastFailure: now, lockedUntil: 0 };
      r.failures++;
      r.lastFailure = now;
      if (r.failures >= FREE_ATTEMPTS)
        r.lockedUntil = now + Math.min(MAX_LOCK_MS, FIRST_LOCK_MS * 2 ** (r.failures - FREE_ATTEMPTS));
      this.records.delete(key); // re-insert: the map's order is then least recently failed first
      this.records.set(key, r);
    }
    while (this.records.size > MAX_KEYS) {
      const oldest = this.records.keys().next().value;
      if (oldest === undefined) break;
      this.records.delete(oldest);
    }
  }

  succeeded(username: string): void {
    this.records.delete(userKey(username));
  }

  private keys(username: string, ip: string): string[] {
    return [userKey(username), `ip:${ip}`];
  }

  private live(key: string, now: number): Failures | undefined {
    const r = this.records.get(key);
    if (r && now - r.lastFailure > FORGET_MS && r.lockedUntil <= now) {
      this.records.delete(key);
      return undefined;
    }
    return r;
  }
}

function userKey(username: string): string {
  return `user:${username.toLowerCase()}`;
}
