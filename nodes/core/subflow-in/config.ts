import { z } from 'zod';

/** Config of the subflow-in node: none; a subflow has at most one input. */
export const subflowInConfig = z.object({});
