import type { NodeContext } from '@millwright/sdk';

/**
 * Runs a node's node-context write. A refused write (a file context over its `maxBytes` raises
 * `context_too_large`) must not fail the message that caused it: the figures are still right in
 * memory, only a restart would lose them. The first refusal of a streak goes to catch nodes.
 */
export function contextWriter(ctx: Pick<NodeContext, 'error'>): (write: () => void) => void {
  let failing = false;
  return (write) => {
    try {
      write();
      failing = false;
    } catch (err) {
      if (!failing) ctx.error(err);
      failing = true;
    }
  };
}
