import { defineNode } from '@millwright/sdk';
import { unsupportedConfig } from './config.js';

/** A placeholder for a node an import could not convert; keeps the original definition and wires. */
export default defineNode({
  type: 'unsupported',
  category: 'common',
  version: 1,
  label: 'unsupported',
  description:
    'Placeholder for a node that an import could not convert (for example a Node-RED dashboard or Modbus node). It keeps the original definition and wires, shows a red status, and raises an error for every message it receives.',
  inputs: 1,
  outputs: ['out'],
  outputsFor: (config) => Array.from({ length: config.outputs }, (_, i) => `out ${i + 1}`),
  outputsFrom: 'outputs',
  color: '#f4c7c3',
  icon: 'alert-triangle',
  // Only an import makes one; nobody places a placeholder by hand.
  inPalette: false,
  config: unsupportedConfig,
  defaults: { originalType: 'unknown' },
  async setup(ctx) {
    const { createUnsupported } = await import('./unsupported.js');
    return createUnsupported(ctx);
  },
});
