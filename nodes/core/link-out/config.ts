import { z } from 'zod';

/** Config of the link-out node. */
export const linkOutConfig = z.object({
  mode: z.enum(['link', 'return']).default('link').meta({
    description:
      '`link`: send to the link-in nodes in `links`. `return`: send the message back to the link call that called the link-in it came through (`links` is not used).',
  }),
  links: z
    .array(z.string().min(1))
    .default([])
    .refine((ids) => new Set(ids).size === ids.length, { message: 'a link-in node is listed twice' })
    .meta({
      description: 'Ids of the link-in nodes to send to, in this flow or another.',
      widget: 'node-picker',
      nodeRef: { types: ['link-in'] },
      showWhen: { mode: ['link'] },
    }),
});

export type LinkOutConfig = z.output<typeof linkOutConfig>;
