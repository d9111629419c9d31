import { defineNode } from '@millwright/sdk';
import { subflowOutConfig } from './config.js';

/**
 * An output port of a subflow definition. It has no output on the canvas; in an expanded instance
 * the wires leaving the instance's output `port` start here, so it passes each message on.
 */
export default defineNode({
  type: 'subflow-out',
  category: 'subflow',
  version: 1,
  label: 'subflow output',
  description:
    'An output of a subflow definition: messages arriving here leave the subflow instance from output `port`. Only valid inside a subflow.',
  inputs: 1,
  outputs: [],
  icon: 'log-out',
  config: subflowOutConfig,
  setup: (ctx) => ({ input: (msg) => ctx.send(msg) }),
});
