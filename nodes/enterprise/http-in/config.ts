import { z } from 'zod';

/** Config of the http-in node. */
export const httpInConfig = z.object({
  method: z
    .enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'ALL'])
    .default('POST')
    .meta({ description: 'HTTP method to answer; `ALL` takes every method.' }),
  path: z
    .string()
    .min(1)
    .regex(/^\/[^?#\s]*$/, 'a path starts with / and has no query, fragment or spaces')
    .meta({
      description:
        'Path below `/http` on the runtime: `/work-orders` answers `POST http://<runtime>/http/work-orders`. `:name` segments become `msg.req.params.name`; a last `*` takes the rest.',
      examples: ['/work-orders', '/orders/:id'],
    }),
});

export type HttpInConfig = z.output<typeof httpInConfig>;
