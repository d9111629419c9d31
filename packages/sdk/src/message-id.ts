import type { FlowMessage } from '@millwright/model';

// A random per-process prefix plus a counter: unique, and much cheaper than a UUID per message.
const prefix = Array.from({ length: 2 }, () => Math.floor(Math.random() * 0xffffffff).toString(36)).join('');
let counter = 0;

/** A new unique message id. */
export function newMessageId(): string {
  counter = (counter + 1) % Number.MAX_SAFE_INTEGER;
  return `${prefix}.${counter.toString(36)}`;
}

/** A new message with a fresh id. */
export function createMessage(fields: Partial<FlowMessage> = {}): FlowMessage {
  return { ...fields, id: newMessageId() };
}

/**
 * A deep copy for fan-out, with its own id. Throws a DataCloneError for values that cannot be
 * cloned (functions), which the engine reports on the sending node.
 */
export function copyMessage(msg: FlowMessage): FlowMessage {
  const copy = structuredClone(msg);
  copy.id = newMessageId();
  return copy;
}
