import { defineNode } from '@millwright/sdk';
import { traceRecordConfig } from './config.js';

/** Records material lot genealogy (lots consumed → lot produced). */
export default defineNode({
  type: 'trace-record',
  category: 'mes',
  version: 1,
  label: 'trace record',
  description:
    'Records lot genealogy from production and consumption events (lots consumed → lot produced, per work order and equipment) in a durable append-only store, for forward and backward tracing.',
  inputs: 1,
  outputs: ['out'],
  icon: 'download',
  config: traceRecordConfig,
  async setup(ctx) {
    const { createTraceRecord } = await import('./trace-record.js');
    return createTraceRecord(ctx);
  },
});
