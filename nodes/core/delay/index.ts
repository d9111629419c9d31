import { defineNode } from '@millwright/sdk';
import { delayConfig } from './config.js';

/** Delays messages, or limits their rate. */
export default defineNode({
  type: 'delay',
  category: 'function',
  version: 1,
  label: 'delay',
  description:
    'Delays each message by a fixed or random time, or limits the rate to N messages per period (queueing or dropping the rest). Order is kept.',
  inputs: 1,
  outputs: ['out'],
  icon: 'clock',
  config: delayConfig,
  async setup(ctx) {
    const { createDelay } = await import('./delay.js');
    return createDelay(ctx);
  },
});
