import { defineNode } from '@millwright/sdk';
import { changeConfig } from './config.js';

/** Sets, changes, deletes or moves message properties, rule by rule. */
export default defineNode({
  type: 'change',
  category: 'function',
  version: 1,
  label: 'change',
  description:
    'Sets, changes (search and replace), deletes or moves message properties. Rules run in order on every message.',
  inputs: 1,
  outputs: ['out'],
  icon: 'shuffle',
  config: changeConfig,
  async setup(ctx) {
    const { createChange } = await import('./change.js');
    return createChange(ctx);
  },
});
