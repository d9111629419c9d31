import { z } from 'zod';

/** Config of the subflow-status node: none. */
export const subflowStatusConfig = z.object({});
