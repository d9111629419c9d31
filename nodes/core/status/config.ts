import { z } from 'zod';
import { requireSelectedNodes, scopeFields } from '../catch/config.js';

/** Config of the status node. */
export const statusConfig = z.object({ ...scopeFields }).superRefine(requireSelectedNodes);

export type StatusConfig = z.output<typeof statusConfig>;
