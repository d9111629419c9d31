import { z } from 'zod';

/** Config of the subflow-out node: which output of the instance it feeds. */
export const subflowOutConfig = z.object({
  port: z.number().int().min(0).max(31).default(0).meta({
    description:
      'Output of the subflow instance (0 = first) that messages arriving here leave from. The instance has as many outputs as the highest port used plus one.',
  }),
});
