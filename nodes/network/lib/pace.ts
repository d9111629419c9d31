import type { NodeContext } from '@millwright/sdk';

/**
 * Back-pressure for a socket source: call after sending into the flow. While the flow's queue is
 * over its high-water mark the socket is paused (the peer's TCP window fills and it slows down),
 * and resumed when the flow catches up.
 */
export function pacer(ctx: Pick<NodeContext, 'flow'>, pause: () => void, resume: () => void): () => void {
  let paused = false;
  return () => {
    if (paused || ctx.flow.writable()) return;
    paused = true;
    pause();
    void ctx.flow.whenWritable().then(() => {
      paused = false;
      resume();
    });
  };
}
