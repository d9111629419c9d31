import { defineNode } from '@millwright/sdk';
import { splitConfig } from './config.js';

/** Splits a message into a sequence of messages. */
export default defineNode({
  type: 'split',
  category: 'sequence',
  version: 1,
  label: 'split',
  description:
    'Splits an array (per element or chunk), a string (at a delimiter), an object (per key) or binary data (fixed-size chunks) into a sequence of messages marked with msg.parts.',
  inputs: 1,
  outputs: ['out'],
  icon: 'scissors',
  config: splitConfig,
  async setup(ctx) {
    const { createSplit } = await import('./split.js');
    return createSplit(ctx);
  },
});
