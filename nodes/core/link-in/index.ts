import { defineNode } from '@millwright/sdk';
import { linkInConfig } from './config.js';

/**
 * Entry point for messages from link-out nodes, in this flow or another. It has no input port on
 * the canvas, but the engine still calls `input` for messages delivered to its id.
 */
export default defineNode({
  type: 'link-in',
  category: 'common',
  version: 1,
  label: 'link in',
  description:
    'Receives messages sent by link-out nodes (in this flow or another) that name this node, and passes them on. A virtual wire.',
  inputs: 0,
  outputs: ['out'],
  icon: 'log-in',
  config: linkInConfig,
  setup: (ctx) => ({ input: (msg) => ctx.send(msg) }),
});
