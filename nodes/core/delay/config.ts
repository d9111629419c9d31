import { z } from 'zod';

const MAX_TIMER_MS = 2_147_483_647; // setTimeout's limit (about 24.8 days)
const ms = (meta: { description: string; showWhen: Record<string, string[]> }, def: number, min = 0) =>
  z.number().int().min(min).max(MAX_TIMER_MS).default(def).meta(meta);

/** Config of the delay node. */
export const delayConfig = z
  .object({
    mode: z.enum(['delay', 'rate', 'topic']).default('delay').meta({
      description:
        '`delay`: hold every message for a time. `rate`: let at most `rate` messages through per `periodMs`. `topic`: keep only the latest message per `msg.topic` and release every `periodMs / rate` (Node-RED\'s rate limit "for each msg.topic").',
    }),
    topicRelease: z
      .enum(['one', 'all'])
      .default('one')
      .meta({
        description: 'Topic mode: each tick sends the oldest waiting topic (`one`), or every waiting topic (`all`).',
        showWhen: { mode: ['topic'] },
      }),
    delayType: z
      .enum(['fixed', 'random', 'message'])
      .default('fixed')
      .meta({
        description:
          'Fixed `delayMs`, random between `randomMinMs` and `randomMaxMs`, or `message`: `msg.delay` in ms (`delayMs` when it is missing or not a number). Message delays are independent: a shorter one overtakes a longer one, as in Node-RED.',
        showWhen: { mode: ['delay'] },
      }),
    delayMs: ms({ description: 'Delay in ms.', showWhen: { mode: ['delay'], delayType: ['fixed', 'message'] } }, 1000),
    randomMinMs: ms(
      { description: 'Shortest random delay in ms.', showWhen: { mode: ['delay'], delayType: ['random'] } },
      0,
    ),
    randomMaxMs: ms(
      { description: 'Longest random delay in ms.', showWhen: { mode: ['delay'], delayType: ['random'] } },
      1000,
    ),
    rate: z
      .number()
      .int()
      .min(1)
      .default(1)
      .meta({ description: 'Messages allowed per period.', showWhen: { mode: ['rate', 'topic'] } }),
    periodMs: ms(
      { description: 'Length of the sliding rate window in ms.', showWhen: { mode: ['rate', 'topic'] } },
      1000,
      1,
    ),
    rateAction: z
      .enum(['queue', 'drop'])
      .default('queue')
      .meta({
        description: 'Over the rate: `queue` messages until allowed, or `drop` them.',
        showWhen: { mode: ['rate'] },
      }),
    maxQueue: z.number().int().min(1).default(10_000).meta({
      description: 'Most messages held at once (delayed or queued); one more raises `delay_queue_full` and is dropped.',
      advanced: true,
    }),
  })
  .superRefine((cfg, ctx) => {
    if (cfg.mode === 'delay' && cfg.delayType === 'random' && cfg.randomMinMs > cfg.randomMaxMs)
      ctx.addIssue({
        code: 'custom',
        path: ['randomMaxMs'],
        message: `must be at least randomMinMs (${cfg.randomMinMs})`,
      });
  });

export type DelayConfig = z.output<typeof delayConfig>;
