import { defineNode } from '@millwright/sdk';
import { injectConfig } from './config.js';

/** Starts flows: by hand (the button), once at start-up, on an interval or on a cron schedule. */
export default defineNode({
  type: 'inject',
  category: 'common',
  version: 1,
  label: 'inject',
  description:
    'Injects a message by hand, once at start-up, every N milliseconds or on a cron schedule. The payload can be a literal, the time, or an environment variable.',
  inputs: 0,
  outputs: ['out'],
  icon: 'play',
  config: injectConfig,
  async setup(ctx) {
    const { createInject } = await import('./inject.js');
    return createInject(ctx);
  },
});
