// Node types used only by the soak benchmark. Loaded by file URL inside the flow's worker, so
// `process.memoryUsage()` here reports the worker's own V8 heap (rss is the whole process).
import { z } from 'zod';
import { defineNode } from '@millwright/sdk';

/** What the probe reports on each trigger, as the value of a debug event. */
export interface ProbeReport {
  count: number;
  workerHeapUsedMb: number;
  workerHeapTotalMb: number;
  workerExternalMb: number;
}

const MB = 1024 * 1024;

/** A sink that counts the messages it receives and, on trigger, reports the count and the worker's heap. */
const probe = defineNode({
  type: 'soak-probe',
  category: 'test',
  version: 1,
  description: 'counts messages; reports the count and the worker heap on trigger',
  inputs: 1,
  outputs: [],
  config: z.object({}),
  setup(ctx) {
    let count = 0;
    return {
      inputBatch(msgs) {
        count += msgs.length;
      },
      trigger() {
        // With --expose-gc (the bench:soak script), measure live data, not garbage not yet collected.
        (globalThis as { gc?: () => void }).gc?.();
        const m = process.memoryUsage();
        const value: ProbeReport = {
          count,
          workerHeapUsedMb: m.heapUsed / MB,
          workerHeapTotalMb: m.heapTotal / MB,
          workerExternalMb: m.external / MB,
        };
        ctx.debug({ value, property: 'payload', msg: ctx.newMessage({ payload: count }) });
      },
    };
  },
});

export const nodes = [probe];
