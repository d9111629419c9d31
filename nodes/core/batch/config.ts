import { z } from 'zod';

const MAX_TIMER_MS = 2_147_483_647;

/** Config of the batch node. */
export const batchConfig = z
  .object({
    mode: z.enum(['count', 'interval', 'concat']).default('count').meta({
      description:
        '`count`: a sequence of every `count` messages. `interval`: a sequence of the messages received in each `intervalMs`. `concat`: one sequence of complete sequences, one per topic in `topics` order.',
    }),
    count: z
      .number()
      .int()
      .min(1)
      .default(10)
      .meta({ description: 'Messages per sequence.', showWhen: { mode: ['count'] } }),
    overlap: z
      .number()
      .int()
      .min(0)
      .default(0)
      .meta({
        description: 'Messages of the end of one sequence repeated at the start of the next.',
        showWhen: { mode: ['count'] },
      }),
    honourParts: z
      .boolean()
      .default(false)
      .meta({
        description: 'End a sequence early at the last message of an incoming sequence (`msg.parts`).',
        showWhen: { mode: ['count'] },
      }),
    intervalMs: z
      .number()
      .int()
      .min(1)
      .max(MAX_TIMER_MS)
      .default(1000)
      .meta({ description: 'Length of each interval in ms.', showWhen: { mode: ['interval'] } }),
    allowEmpty: z
      .boolean()
      .default(false)
      .meta({
        description: 'Send a message with `payload: null` for an interval without messages.',
        showWhen: { mode: ['interval'] },
      }),
    topics: z
      .array(z.string())
      .default([])
      .meta({ description: 'Topics whose sequences are joined, in this order.', showWhen: { mode: ['concat'] } }),
    maxPending: z.number().int().min(1).default(10_000).meta({
      description: 'Most messages held; one more raises `batch_too_many` and drops every held message.',
      advanced: true,
    }),
  })
  .superRefine((cfg, ctx) => {
    if (cfg.mode === 'count' && cfg.overlap >= cfg.count)
      ctx.addIssue({ code: 'custom', path: ['overlap'], message: `must be less than count (${cfg.count})` });
    if (cfg.mode === 'concat' && cfg.topics.length === 0)
      ctx.addIssue({ code: 'custom', path: ['topics'], message: 'name at least one topic' });
  });

export type BatchConfig = z.output<typeof batchConfig>;
