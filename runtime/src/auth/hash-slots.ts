/** Password checks (scrypt) running at once: each takes one thread of libuv's pool of 4 for 50-100 ms. */
export const HASH_CONCURRENCY = 1;
/** Password checks waiting for a slot; more are refused at once. */
export const HASH_QUEUE = 16;
/** Longest wait for a slot before the attempt is refused. */
export const HASH_WAIT_MS = 5_000;
/**
 * Password checks per second for attempts that are not `priority`, with a burst: at about 100 ms
 * each, about a fifth of one core goes to logins from unknown places, however many addresses a
 * flood comes from. The burst lets a few people sign in at once from new places (a shift start, a
 * test fixture logging in its four users) without a 429.
 */
export const HASH_RATE: Rate = { perSecond: 2, burst: 10 };

interface Rate {
  perSecond: number;
  burst: number;
}

interface Waiter {
  grant: () => void;
  refuse: () => void;
  timer: NodeJS.Timeout;
  priority: boolean;
}

/**
 * A small semaphore in front of password hashing. scrypt runs on libuv's thread pool, which file
 * writes (deploys, fsync) share: without a bound, a flood of logins takes every thread and a
 * deploy waits seconds. Waiters are bounded too; `priority` attempts (a user from an address it
 * logged in from before) go first and may push out the newest ordinary waiter. Ordinary attempts
 * also draw from a token bucket (`HASH_RATE`), since per-address limits do not hold against a
 * flood from many addresses.
 */
export class HashSlots {
  private running = 0;
  private readonly waiting: Waiter[] = [];
  private tokens: number;
  private refilledAt: number;

  constructor(
    private readonly concurrency = HASH_CONCURRENCY,
    private readonly queueLimit = HASH_QUEUE,
    private readonly waitMs = HASH_WAIT_MS,
    private readonly rate: Rate = HASH_RATE,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = rate.burst;
    this.refilledAt = now();
  }

  /** Runs `work` in a slot; resolves `busy` without running it when no slot came free in time. */
  async run<T>(work: () => Promise<T>, priority = false): Promise<T | 'busy'> {
    if (!priority && !this.take()) return 'busy';
    if (!(await this.acquire(priority))) return 'busy';
    try {
      return await work();
    } finally {
      this.release();
    }
  }

  /** Takes a token of the ordinary attempts' bucket, if there is one. */
  private take(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.rate.burst, this.tokens + ((now - this.refilledAt) / 1000) * this.rate.perSecond);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens--;
    return true;
  }

  get queued(): number {
    return this.waiting.length;
  }

  private acquire(priority: boolean): Promise<boolean> {
    if (this.running < this.concurrency) {
      this.running++;
      return Promise.resolve(true);
    }
    if (this.waiting.length >= this.queueLimit) {
      const victim = priority ? this.waiting.findLastIndex((w) => !w.priority) : -1;
      if (victim < 0) return Promise.resolve(false);
      this.drop(victim).refuse();
    }
    return new Promise<boolean>((resolve) => {
      const waiter: Waiter = {
        grant: () => resolve(true),
        refuse: () => resolve(false),
        priority,
        timer: setTimeout(() => {
          const i = this.waiting.indexOf(waiter);
          if (i >= 0) this.drop(i).refuse();
        }, this.waitMs),
      };
      const at = priority ? this.waiting.findIndex((w) => !w.priority) : -1;
      this.waiting.splice(at < 0 ? this.waiting.length : at, 0, waiter);
    });
  }

  private release(): void {
    const next = this.waiting.shift();
    if (!next) {
      this.running--;
      return;
    }
    clearTimeout(next.timer);
    next.grant(); // the slot passes on: `running` stays
  }

  private drop(index: number): Waiter {
    const [w] = this.waiting.splice(index, 1);
    if (!w) throw new Error('no waiter at that index');
    clearTimeout(w.timer);
    return w;
  }
}
