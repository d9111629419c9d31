import { defineNode } from '@millwright/sdk';
import { templateConfig } from './config.js';

/** Renders a Mustache template into a message property. */
export default defineNode({
  type: 'template',
  category: 'function',
  version: 1,
  label: 'template',
  description:
    'Renders a Mustache template with the message, flow and global context into a property, as text or parsed JSON.',
  inputs: 1,
  outputs: ['out'],
  icon: 'file-text',
  config: templateConfig,
  async setup(ctx) {
    const { createTemplate } = await import('./template.js');
    return createTemplate(ctx);
  },
});
