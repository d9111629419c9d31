import { defineNode } from '@millwright/sdk';
import { ruleLabel, switchConfig } from './config.js';

/** Routes messages to outputs by rules on a property. */
export default defineNode({
  type: 'switch',
  category: 'function',
  version: 1,
  label: 'switch',
  description:
    'Routes each message by testing one property against rules (compare, between, contains, regex, type, empty, otherwise). One output per rule.',
  inputs: 1,
  outputs: [],
  outputsFor: (config) => config.rules.map(ruleLabel),
  outputsFrom: 'rules',
  icon: 'split',
  config: switchConfig,
  // A freshly dropped switch gets one rule (one output), as in Node-RED.
  defaults: { rules: [{ op: '==', value: '' }] },
  async setup(ctx) {
    const { createSwitch } = await import('./switch.js');
    return createSwitch(ctx);
  },
});
