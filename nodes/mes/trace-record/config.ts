import { z } from 'zod';
import { productionTimeFields } from '../lib/time/time-config.js';

/** Config of the trace-record node. */
export const traceRecordConfig = z.object({
  storePath: z.string().default('').meta({
    description:
      'Genealogy file. Empty: `genealogy.jsonl` in the runtime data folder; a relative path is taken inside that folder. Without a data folder the genealogy is kept in memory only.',
    advanced: true,
  }),
  ...productionTimeFields,
});

export type TraceRecordConfig = z.output<typeof traceRecordConfig>;
