import { OperationalError, UserError, type FlowMessage } from '@millwright/model';
import { copyMessage, defineNode } from '@millwright/sdk';
import { randomUUID } from 'node:crypto';
import { linkCallConfig } from './config.js';
import { LINK_RETURN, pushFrame, unwindTo } from './link-stack.js';

/**
 * Calls a link-in node of this flow like a subroutine: the message goes to the link-in, and what a
 * link-out in `return` mode sends back leaves this node's output. The same node takes both on its
 * input; a returned message carries `msg._linkReturn` (the call id), a new call does not.
 */
export default defineNode({
  type: 'link-call',
  category: 'common',
  version: 1,
  label: 'link call',
  description:
    'Sends each message to a link-in node of this flow and waits for a link-out in return mode to send it back, then passes it on; raises link_call_timeout when nothing comes back in time.',
  inputs: 1,
  outputs: ['out'],
  icon: 'log-out',
  config: linkCallConfig,
  setup(ctx) {
    const { linkType, links, timeoutMs } = ctx.config;
    const pending = new Map<string, NodeJS.Timeout>();

    const returned = (msg: FlowMessage, callId: unknown) => {
      delete msg[LINK_RETURN];
      const timer = typeof callId === 'string' ? pending.get(callId) : undefined;
      if (!timer) {
        ctx.log.warn(`a message returned to a call that is over (timed out or redeployed); dropped (msg ${msg.id})`);
        return;
      }
      clearTimeout(timer);
      pending.delete(callId as string);
      ctx.send(msg);
    };

    const target = (msg: FlowMessage): string | undefined => {
      if (linkType === 'static') return links[0];
      return typeof msg.target === 'string' ? ctx.flow.findNode(msg.target, 'link-in') : undefined;
    };

    return {
      input(msg) {
        if (LINK_RETURN in msg) return returned(msg, msg[LINK_RETURN]);
        const to = target(msg);
        if (to === undefined) {
          const named = typeof msg.target === 'string' ? `"${msg.target}"` : '(msg.target is not a string)';
          ctx.error(new UserError('link_target_missing', `no link-in node ${named} in this flow`), msg);
          return;
        }
        const callId = randomUUID();
        pushFrame(msg, { id: callId, node: ctx.id });
        pending.set(
          callId,
          setTimeout(() => {
            pending.delete(callId);
            // A copy: the message itself may still be moving through the called nodes.
            const failed = copyMessage(msg);
            failed.id = msg.id;
            unwindTo(failed, callId);
            ctx.error(
              new OperationalError('link_call_timeout', `no link-out returned the message within ${timeoutMs} ms`),
              failed,
            );
          }, timeoutMs),
        );
        ctx.flow.deliverTo(to, msg);
      },
      close() {
        for (const timer of pending.values()) clearTimeout(timer);
        pending.clear();
      },
    };
  },
});
