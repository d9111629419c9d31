import { z } from 'zod';

/** Config of the trace-query node. */
export const traceQueryConfig = z.object({
  direction: z.enum(['backward', 'forward']).default('backward').meta({
    description:
      '`backward`: what went into the lot (where-from). `forward`: what the lot went into (where-used, recall). `msg.payload.direction` overrides it.',
  }),
  depth: z.number().int().min(1).max(100).default(10).meta({
    description: 'Levels to follow (1 = direct inputs or uses). `msg.payload.depth` overrides it.',
  }),
  maxNodes: z.number().int().min(1).max(1_000_000).default(10_000).meta({
    description: 'Most lots in one answer; a larger tree is cut and marked `truncated`.',
    advanced: true,
  }),
  storePath: z.string().default('').meta({
    description:
      'Genealogy file, as in trace-record. Empty: `genealogy.jsonl` in the runtime data folder (in memory without one).',
    advanced: true,
  }),
});

export type TraceQueryConfig = z.output<typeof traceQueryConfig>;
