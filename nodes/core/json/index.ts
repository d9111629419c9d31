import { defineNode } from '@millwright/sdk';
import { jsonConfig } from './config.js';

/** Converts between JSON text and values. */
export default defineNode({
  type: 'json',
  category: 'parser',
  version: 1,
  label: 'json',
  description:
    'Converts a message property between a JSON string and a value: parses text (or UTF-8 bytes) and stringifies objects, arrays, numbers and booleans.',
  inputs: 1,
  outputs: ['out'],
  icon: 'code',
  config: jsonConfig,
  async setup(ctx) {
    const { createJson } = await import('./json.js');
    return createJson(ctx);
  },
});
