import { z } from 'zod';

/** Scope fields shared by the catch and status nodes. */
export const scopeFields = {
  scope: z
    .enum(['all', 'selected'])
    .default('all')
    .meta({ description: 'Listen to every node of this flow, or only to the nodes listed in `nodes`.' }),
  nodes: z
    .array(z.string().min(1))
    .default([])
    .meta({
      description: 'Ids of the nodes of this flow to listen to.',
      widget: 'node-picker',
      nodeRef: { sameFlow: true },
      showWhen: { scope: ['selected'] },
    }),
};

/** Adds an issue at `nodes` when scope is `selected` but no node is listed. */
export function requireSelectedNodes(cfg: { scope: string; nodes: string[] }, ctx: z.RefinementCtx): void {
  if (cfg.scope === 'selected' && cfg.nodes.length === 0)
    ctx.addIssue({ code: 'custom', path: ['nodes'], message: 'select at least one node when scope is "selected"' });
}

/** Config of the catch node. */
export const catchConfig = z
  .object({
    ...scopeFields,
    uncaughtOnly: z.boolean().default(false).meta({
      description: 'Only catch errors that no other catch node (without this option) in scope already handled.',
    }),
  })
  .superRefine(requireSelectedNodes);

export type CatchConfig = z.output<typeof catchConfig>;
