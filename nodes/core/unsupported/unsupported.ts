import { UserError, type FlowMessage } from '@millwright/model';
import type { NodeContext, NodeHandlers } from '@millwright/sdk';
import type { UnsupportedConfig } from './config.js';

/**
 * Shows a red "unsupported" badge and turns every input into an error (with the message, so catch
 * nodes see it): a placeholder must never pass messages on as if it had done its work.
 */
export function createUnsupported(ctx: NodeContext<UnsupportedConfig>): NodeHandlers {
  const { originalType, reason } = ctx.config;
  ctx.status({ fill: 'red', shape: 'ring', text: `unsupported: ${originalType}` });
  return {
    input(msg: FlowMessage) {
      ctx.error(
        new UserError(
          'unsupported_node',
          `"${originalType}" is not supported${reason ? ` (${reason})` : ''}; replace this placeholder with a Millwright node`,
        ),
        msg,
      );
    },
  };
}
