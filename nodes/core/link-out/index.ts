import { UserError } from '@millwright/model';
import { copyMessage, defineNode } from '@millwright/sdk';
import { LINK_RETURN, popFrame } from '../link-call/link-stack.js';
import { linkOutConfig } from './config.js';

/** Sends messages to link-in nodes by id (a virtual wire, also across flows), or back to a link call. */
export default defineNode({
  type: 'link-out',
  category: 'common',
  version: 1,
  label: 'link out',
  description:
    'Sends each message to the listed link-in nodes, in this flow or another, as if wired (each extra target gets its own copy); in return mode, back to the link call that called.',
  inputs: 1,
  outputs: [],
  icon: 'log-out',
  config: linkOutConfig,
  setup(ctx) {
    const { links, mode } = ctx.config;
    if (mode === 'return')
      return {
        input(msg) {
          const frame = popFrame(msg);
          if (!frame) {
            ctx.error(
              new UserError('link_no_caller', 'the message did not come from a link call: nothing to return to'),
              msg,
            );
            return;
          }
          msg[LINK_RETURN] = frame.id;
          ctx.flow.deliverTo(frame.node, msg);
        },
      };
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
