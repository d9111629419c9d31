import { defineNode } from '@millwright/sdk';
import { catchConfig } from './config.js';

/** Turns errors raised by nodes of the flow into messages. */
export default defineNode({
  type: 'catch',
  category: 'common',
  version: 1,
  label: 'catch',
  description:
    'Receives errors raised by nodes in this flow (all, or selected ones) and sends the failed message on, with the error in `msg.error`.',
  inputs: 0,
  outputs: ['error'],
  icon: 'alert',
  config: catchConfig,
  setup(ctx) {
    const { scope, nodes, uncaughtOnly } = ctx.config;
    // The engine hands each catch node its own copy of the message, with msg.error already set.
    ctx.flow.onError({ ...(scope === 'selected' ? { nodes } : {}), uncaughtOnly }, (_error, msg) => {
      if (msg) ctx.send(msg);
    });
    return {};
  },
});
