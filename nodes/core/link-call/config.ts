import { z } from 'zod';

/** Config of the link-call node. */
export const linkCallConfig = z
  .object({
    linkType: z.enum(['static', 'dynamic']).default('static').meta({
      description:
        '`static`: call the link-in node in `links`. `dynamic`: call the link-in of this flow that `msg.target` names, by id or by name.',
    }),
    links: z
      .array(z.string().min(1))
      .max(1, { message: 'a link call calls one link-in node' })
      .default([])
      .meta({
        description:
          'Id of the link-in node to call, in this flow. Calls into another flow are refused: a link between flows is a durable, journaled handoff, and a waiting call would not survive the restarts it is built for.',
        widget: 'node-picker',
        nodeRef: { types: ['link-in'], sameFlow: true },
        showWhen: { linkType: ['static'] },
      }),
    timeoutMs: z.number().int().min(1).max(86_400_000).default(30_000).meta({
      description:
        'How long to wait for a link-out in `return` mode to send the message back; then `link_call_timeout` is raised with the message (catch nodes see it).',
    }),
  })
  .superRefine((cfg, ctx) => {
    if (cfg.linkType === 'static' && cfg.links.length === 0)
      ctx.addIssue({ code: 'custom', path: ['links'], message: 'pick the link-in node to call' });
  });

export type LinkCallConfig = z.output<typeof linkCallConfig>;
