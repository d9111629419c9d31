/** When and how often a failed delivery is tried again. */
export interface RetryPolicy {
  /** Attempts in total before an entry becomes a dead letter; 0 retries forever. */
  maxAttempts: number;
  /** Delay cap after the first failure, ms; doubles per failure. */
  baseDelayMs: number;
  /** Upper bound of the delay, ms. */
  maxDelayMs: number;
  /** Full jitter: wait a random time between 0 and the capped exponential delay. */
  jitter: boolean;
}

/**
 * Delay before the next attempt after `failures` failed ones (1 = the first failed):
 * `min(maxDelayMs, baseDelayMs * 2^(failures-1))`, scaled by a random factor in [0, 1) with
 * jitter ("full jitter", which spreads out many clients retrying against one recovering server).
 */
export function backoffDelay(failures: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const exp = policy.baseDelayMs * 2 ** Math.max(0, Math.min(failures - 1, 40));
  const cap = Math.min(policy.maxDelayMs, exp);
  return Math.round(policy.jitter ? random() * cap : cap);
}
