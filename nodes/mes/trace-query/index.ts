import { defineNode } from '@millwright/sdk';
import { traceQueryConfig } from './config.js';

/** Answers forward and backward lot traces from the genealogy store. */
export default defineNode({
  type: 'trace-query',
  category: 'mes',
  version: 1,
  label: 'trace query',
  description:
    'Traces a lot through the genealogy recorded by trace-record: backward to the lots it was made from, or forward to everything it went into (recall), as a cycle-safe tree with a depth limit.',
  inputs: 1,
  outputs: ['out'],
  icon: 'folder-tree',
  config: traceQueryConfig,
  async setup(ctx) {
    const { createTraceQuery } = await import('./trace-query.js');
    return createTraceQuery(ctx);
  },
});
