import { z } from 'zod';

/** The endpoint fields of websocket-in and websocket-out: a listener (server) or a client config node. */
export const wsEndpointFields = {
  mode: z.enum(['server', 'client']).default('server').meta({
    description:
      'server: clients connect to a websocket listener of this flow. client: this flow connects to a server (websocket client).',
  }),
  listener: z
    .string()
    .default('')
    .meta({
      description: 'The websocket listener config node.',
      configRef: 'websocket-listener',
      showWhen: { mode: ['server'] },
    }),
  client: z
    .string()
    .default('')
    .meta({
      description: 'The websocket client config node.',
      configRef: 'websocket-client',
      showWhen: { mode: ['client'] },
    }),
};

/** The selected endpoint is required. */
export function requireEndpoint(
  cfg: { mode: 'server' | 'client'; listener: string; client: string },
  ctx: z.RefinementCtx,
): void {
  if (cfg.mode === 'server' && !cfg.listener)
    ctx.addIssue({ code: 'custom', path: ['listener'], message: 'choose a websocket listener' });
  if (cfg.mode === 'client' && !cfg.client)
    ctx.addIssue({ code: 'custom', path: ['client'], message: 'choose a websocket client' });
}
