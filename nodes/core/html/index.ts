import { defineNode } from '@millwright/sdk';
import { htmlConfig } from './config.js';

/** Extracts elements from HTML text by CSS selector. */
export default defineNode({
  type: 'html',
  category: 'parser',
  version: 1,
  label: 'html',
  description:
    'Extracts the elements a CSS selector matches from HTML text (a page an http-request fetched): their inner HTML, text or attributes, as one array or one message per element.',
  inputs: 1,
  outputs: ['out'],
  icon: 'code',
  config: htmlConfig,
  async setup(ctx) {
    const { createHtml } = await import('./html.js');
    return createHtml(ctx);
  },
});
