import { defineNode } from '@millwright/sdk';
import { triggerConfig } from './config.js';

/** Sends a message, then another after a time unless reset (or again and again). */
export default defineNode({
  type: 'trigger',
  category: 'function',
  version: 1,
  label: 'trigger',
  description:
    'On a message, sends one value at once and a second after a time (or repeats the first until reset). Messages during the wait are ignored, or extend it (watchdog). msg.reset, or a configured payload, cancels. Optionally per topic.',
  inputs: 1,
  outputs: ['out'],
  outputsFor: (config) => (config.outputs === 2 ? ['out', 'second'] : ['out']),
  outputsFrom: 'outputs',
  icon: 'bell',
  config: triggerConfig,
  async setup(ctx) {
    const { createTrigger } = await import('./trigger.js');
    return createTrigger(ctx);
  },
});
