import type { FlowMessage } from '@millwright/model';

/**
 * The call stack a link call leaves on its message, newest last, as Node-RED names it
 * (`msg._linkSource`, `{ id: call id, node: link-call node id }`): a link-out in `return` mode
 * sends the message back to the top frame's node. Like `msg.trace` it is the engine's, left out of
 * what users see (debug) and of the function sandbox (which puts it back on what the code sends).
 */
export const LINK_STACK = '_linkSource';
/** Set on a message a link-out returns: the call id it answers. The link call removes it. */
export const LINK_RETURN = '_linkReturn';

export interface LinkFrame {
  id: string;
  node: string;
}

/** Pushes a frame onto the message's call stack. */
export function pushFrame(msg: FlowMessage, frame: LinkFrame): void {
  const stack = msg[LINK_STACK];
  msg[LINK_STACK] = Array.isArray(stack) ? [...(stack as LinkFrame[]), frame] : [frame];
}

/** Takes the top frame off the message's call stack (removing an empty stack); undefined when none. */
export function popFrame(msg: FlowMessage): LinkFrame | undefined {
  const stack = msg[LINK_STACK];
  if (!Array.isArray(stack) || stack.length === 0) return undefined;
  const rest = stack.slice(0, -1) as LinkFrame[];
  const top = stack[stack.length - 1] as unknown;
  if (rest.length) msg[LINK_STACK] = rest;
  else delete msg[LINK_STACK];
  if (typeof top !== 'object' || top === null) return undefined;
  const { id, node } = top as Partial<LinkFrame>;
  return typeof id === 'string' && typeof node === 'string' ? { id, node } : undefined;
}

/** Removes the frame of call `callId` and every frame above it (calls it made) from the stack. */
export function unwindTo(msg: FlowMessage, callId: string): void {
  const stack = msg[LINK_STACK];
  if (!Array.isArray(stack)) return;
  const at = (stack as Array<Partial<LinkFrame> | null>).findIndex((f) => f?.id === callId);
  if (at < 0) return;
  if (at === 0) delete msg[LINK_STACK];
  else msg[LINK_STACK] = stack.slice(0, at);
}
