import { defineNode } from '@millwright/sdk';
import { debugConfig } from './config.js';

/** Shows message values in the editor's debug sidebar. */
export default defineNode({
  type: 'debug',
  category: 'common',
  version: 1,
  label: 'debug',
  description:
    'Shows a message property, or the whole message, in the debug sidebar; optionally in the runtime log and as the node status.',
  inputs: 1,
  outputs: [],
  icon: 'bug',
  config: debugConfig,
  async setup(ctx) {
    const { createDebug } = await import('./debug.js');
    return createDebug(ctx);
  },
});
