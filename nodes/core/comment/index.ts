import { defineNode } from '@millwright/sdk';
import { commentConfig } from './config.js';

/** A note on the canvas. It has no ports and does nothing at runtime. */
export default defineNode({
  type: 'comment',
  category: 'common',
  version: 1,
  label: 'comment',
  description: 'A Markdown note on the canvas, to document a flow. It has no ports and does nothing at runtime.',
  inputs: 0,
  outputs: [],
  icon: 'message-square',
  config: commentConfig,
  setup: () => ({}),
});
