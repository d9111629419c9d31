import { z } from 'zod';
import type { RetryPolicy } from './backoff.js';

/** Defaults a node picks for its store-and-forward fields. */
export interface StoreAndForwardDefaults {
  maxQueued: number;
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * The config fields of a store-and-forward node, to spread into its zod object, so every such
 * node validates, documents and shows them the same way (editor form, generated docs). They are
 * `advanced` and shown only while store-and-forward is not `off`. The node adds its own
 * `storeAndForward` field, because what `auto` means depends on the node.
 */
export function storeAndForwardFields(d: StoreAndForwardDefaults) {
  const shown = { advanced: true, showWhen: { storeAndForward: ['auto', 'on'] } };
  return {
    maxQueued: z
      .number()
      .int()
      .min(1)
      .max(10_000_000)
      .default(d.maxQueued)
      .meta({
        description:
          'Messages the disk queue may hold (waiting plus dead letters). Beyond it new messages are refused with `outbox_full` (to catch nodes).',
        ...shown,
      }),
    maxAttempts: z
      .number()
      .int()
      .min(0)
      .default(d.maxAttempts)
      .meta({ description: 'Attempts before a message becomes a dead letter; 0 retries forever.', ...shown }),
    baseDelayMs: z
      .number()
      .int()
      .min(1)
      .default(d.baseDelayMs)
      .meta({ description: 'Backoff after the first failure; doubles with each failure.', ...shown }),
    maxDelayMs: z
      .number()
      .int()
      .min(1)
      .default(d.maxDelayMs)
      .meta({ description: 'Longest backoff between attempts.', ...shown }),
    jitter: z
      .boolean()
      .default(true)
      .meta({
        description: 'Full jitter: wait a random time up to the backoff, so many senders do not retry in step.',
        ...shown,
      }),
  };
}

/** The `storeAndForward` switch: `auto` lets the node decide (see its docs), `on` or `off` force it. */
export function storeAndForwardMode(autoMeans: string) {
  return z
    .enum(['auto', 'on', 'off'])
    .default('auto')
    .meta({
      description: `Store-and-forward: while the remote side is unreachable, messages wait in a bounded queue on disk and are sent in order when it is back (retry with backoff, dead letters). auto: ${autoMeans}`,
    });
}

/** The retry policy of a config that has `storeAndForwardFields`. */
export function retryPolicyOf(cfg: {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  jitter: boolean;
}): RetryPolicy {
  return { maxAttempts: cfg.maxAttempts, baseDelayMs: cfg.baseDelayMs, maxDelayMs: cfg.maxDelayMs, jitter: cfg.jitter };
}
