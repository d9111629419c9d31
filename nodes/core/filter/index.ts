import { defineNode } from '@millwright/sdk';
import { filterConfig } from './config.js';

/** Report by exception: passes a message only when its value changed (enough). */
export default defineNode({
  type: 'filter',
  category: 'function',
  version: 1,
  label: 'filter',
  description:
    'Report by exception (Node-RED rbe): passes a message only when the watched value changed, or changed by more than a deadband (or stayed within a narrowband), per topic. msg.reset forgets the last values.',
  inputs: 1,
  outputs: ['out'],
  icon: 'split',
  config: filterConfig,
  async setup(ctx) {
    const { createFilter } = await import('./filter.js');
    return createFilter(ctx);
  },
});
