import { defineNode } from '@millwright/sdk';
import { joinConfig } from './config.js';

/** Joins a sequence of messages into one. */
export default defineNode({
  type: 'join',
  category: 'sequence',
  version: 1,
  label: 'join',
  description:
    'Joins messages into one: automatically rebuilds what a split node cut (using msg.parts), or collects N messages (or those within a timeout) into an array, object, string or buffer.',
  inputs: 1,
  outputs: ['out'],
  icon: 'merge',
  config: joinConfig,
  async setup(ctx) {
    const { createJoin } = await import('./join.js');
    return createJoin(ctx);
  },
});
