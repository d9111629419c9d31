/** A step of the throttle: failures that are free, then a delay doubling from `firstMs` up to `maxMs`. */
interface Step {
  free: number;
  firstMs: number;
  maxMs: number;
}

/**
 * Per user name and client address: the guesses of one attacker at one account. Strict, since
 * only that address pays for it.
 */
export const PAIR_STEP: Step = { free: 3, firstMs: 1_000, maxMs: 5 * 60 * 1000 };
/** Per client address, over all user names: one address spraying many names. */
export const ADDRESS_STEP: Step = { free: 10, firstMs: 1_000, maxMs: 5 * 60 * 1000 };
/**
 * Per user name, over all addresses: many addresses guessing one account. Gentle, and never
 * applied to an address the user logged in from before, so nobody can lock a user out.
 */
export const USER_STEP: Step = { free: 10, firstMs: 1_000, maxMs: 60 * 1000 };
/** Failures older than this are forgotten. */
const FORGET_MS = 30 * 60 * 1000;
/** An address a user logged in from stays known this long after the last success. */
const KNOWN_MS = 30 * 24 * 60 * 60 * 1000;
/** Bound on tracked failure keys and on known addresses; the least recently used go first. */
const MAX_KEYS = 10_000;

interface Failures {
  failures: number;
  /** No try of this key before this time. */
  nextAt: number;
  lastFailure: number;
}

/** The verdict for a login attempt before any password is hashed. */
export interface ThrottleVerdict {
  /** Milliseconds until the attempt may be made; 0: go ahead. */
  waitMs: number;
  /** The user logged in from this address before: its password check goes first in the queue. */
  known: boolean;
}

/**
 * In-memory progressive delays for failed logins, checked before any password hashing, so a
 * refused attempt costs nothing. Three counters: (user name, address), address, and user name.
 * There is no lockout anybody else can trigger against a user: the per-user-name delay is short
 * and skipped for addresses the user logged in from before, and the other two only slow down the
 * address that fails. See docs/decisions/0014-login-throttle-and-sso.md.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, Failures>();
  private readonly known = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  check(username: string, ip: string): ThrottleVerdict {
    const now = this.now();
    const known = this.isKnown(username, ip, now);
    const keys = known ? [pairKey(username, ip)] : this.keys(username, ip);
    const waitMs = Math.max(0, ...keys.map((k) => (this.live(k, now)?.nextAt ?? 0) - now));
    return { waitMs, known };
  }

  failed(username: string, ip: string): void {
    const now = this.now();
    const steps: Array<[string, Step]> = [
      [pairKey(username, ip), PAIR_STEP],
      [`ip:${ip}`, ADDRESS_STEP],
      [userKey(username), USER_STEP],
    ];
    for (const [key, step] of steps) {
      const r = this.live(key, now) ?? { failures: 0, nextAt: 0, lastFailure: now };
      r.failures++;
      r.lastFailure = now;
      const over = r.failures - step.free;
      r.nextAt = over > 0 ? now + Math.min(step.maxMs, step.firstMs * 2 ** (over - 1)) : 0;
      touch(this.failures, key, r);
    }
  }

  /** A success clears the pair's and the address's failures and makes the address known for the user. */
  succeeded(username: string, ip: string): void {
    this.failures.delete(pairKey(username, ip));
    this.failures.delete(`ip:${ip}`);
    touch(this.known, pairKey(username, ip), this.now());
  }

  private keys(username: string, ip: string): string[] {
    return [pairKey(username, ip), `ip:${ip}`, userKey(username)];
  }

  private isKnown(username: string, ip: string, now: number): boolean {
    const at = this.known.get(pairKey(username, ip));
    if (at === undefined) return false;
    if (now - at <= KNOWN_MS) return true;
    this.known.delete(pairKey(username, ip));
    return false;
  }

  private live(key: string, now: number): Failures | undefined {
    const r = this.failures.get(key);
    if (r && now - r.lastFailure > FORGET_MS && r.nextAt <= now) {
      this.failures.delete(key);
      return undefined;
    }
    return r;
  }
}

/** Re-inserts (a Map keeps insertion order: least recently used first) and evicts beyond `MAX_KEYS`. */
function touch<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > MAX_KEYS) {
    const oldest = map.keys().next().value;
    if (oldest === undefined) break;
    map.delete(oldest);
  }
}

function userKey(username: string): string {
  return `user:${username.toLowerCase()}`;
}

function pairKey(username: string, ip: string): string {
  return `pair:${username.toLowerCase()}\n${ip}`;
}
