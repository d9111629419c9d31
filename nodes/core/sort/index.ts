import { defineNode } from '@millwright/sdk';
import { sortConfig } from './config.js';

/** Sorts an array property, or a whole message sequence. */
export default defineNode({
  type: 'sort',
  category: 'sequence',
  version: 1,
  label: 'sort',
  description:
    'Sorts the array in a message property, or collects a message sequence (msg.parts) and sends it on in sorted order, by a key, ascending or descending, optionally as numbers.',
  inputs: 1,
  outputs: ['out'],
  icon: 'shuffle',
  config: sortConfig,
  async setup(ctx) {
    const { createSort } = await import('./sort.js');
    return createSort(ctx);
  },
});
