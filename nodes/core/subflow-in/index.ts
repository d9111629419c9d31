import { defineNode } from '@millwright/sdk';
import { subflowInConfig } from './config.js';

/**
 * The input port of a subflow definition. In an expanded instance, wires into the instance end
 * here and it passes each message on (see packages/model/src/subflows, decision 0024).
 */
export default defineNode({
  type: 'subflow-in',
  category: 'subflow',
  version: 1,
  label: 'subflow input',
  description:
    'The input of a subflow definition: messages wired into an instance of the subflow leave from here. Only valid inside a subflow.',
  inputs: 0,
  outputs: ['out'],
  icon: 'log-in',
  config: subflowInConfig,
  setup: (ctx) => ({ input: (msg) => ctx.send(msg) }),
});
