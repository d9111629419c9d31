import { defineNode } from '@millwright/sdk';
import { batchConfig } from './config.js';

/** Groups messages into sequences by count or time, or joins sequences of several topics. */
export default defineNode({
  type: 'batch',
  category: 'sequence',
  version: 1,
  label: 'batch',
  description:
    'Groups messages into sequences (msg.parts): every N messages (with optional overlap), every interval, or by concatenating complete sequences of several topics. msg.reset drops what is held.',
  inputs: 1,
  outputs: ['out'],
  icon: 'merge',
  config: batchConfig,
  async setup(ctx) {
    const { createBatch } = await import('./batch.js');
    return createBatch(ctx);
  },
});
