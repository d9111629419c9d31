import { defineNode } from '@millwright/sdk';
import { yamlConfig } from './config.js';

/** Converts between YAML text and values. */
export default defineNode({
  type: 'yaml',
  category: 'parser',
  version: 1,
  label: 'yaml',
  description:
    'Converts a message property between a YAML string and a value: parses text (or UTF-8 bytes) and writes objects and arrays as YAML.',
  inputs: 1,
  outputs: ['out'],
  icon: 'file-text',
  config: yamlConfig,
  async setup(ctx) {
    const { createYaml } = await import('./yaml.js');
    return createYaml(ctx);
  },
});
