import { copyMessage, defineNode } from '@millwright/sdk';
import { linkOutConfig } from './config.js';

/** Sends messages to link-in nodes by id: a virtual wire, also across flows. */
export default defineNode({
  type: 'link-out',
  category: 'common',
  version: 1,
  label: 'link out',
  description:
    'Sends each message to the listed link-in nodes, in this flow or another, as if wired. Each extra target gets its own copy.',
  inputs: 1,
  outputs: [],
  icon: 'log-out',
  config: linkOutConfig,
  setup(ctx) {
    const { links } = ctx.config;
    return {
      input(msg) {
        const [first, ...others] = links;
        if (first === undefined) return;
        // Copies are made before any delivery so no target sees another's changes.
        const copies = others.map((target) => ({ target, copy: copyMessage(msg) }));
        ctx.flow.deliverTo(first, msg);
        for (const { target, copy } of copies) ctx.flow.deliverTo(target, copy);
      },
    };
  },
});
