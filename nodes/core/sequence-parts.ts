import { holdMessage, type NodeContext } from '@millwright/sdk';
import type { FlowMessage } from '@millwright/model';

/**
 * The part of `msg.parts` the sequence nodes (sort, batch) need: split sets the full `Parts`
 * (split/parts.ts), batch only `id`, `index` and `count`, as Node-RED does.
 */
export interface SequencePosition {
  id: string;
  index: number;
  count?: number;
}

/** `msg.parts` when it places the message in a sequence, else undefined. */
export function positionOf(msg: FlowMessage): SequencePosition | undefined {
  const p = msg['parts'];
  if (typeof p !== 'object' || p === null) return undefined;
  const { id, index, count } = p as Record<string, unknown>;
  if ((typeof id !== 'string' && typeof id !== 'number') || !Number.isInteger(index)) return undefined;
  return { id: String(id), index: index as number, ...(Number.isInteger(count) ? { count: count as number } : {}) };
}

/** A message kept by a node until it is sent on, with its take receipt held meanwhile. */
export interface HeldMessage {
  msg: FlowMessage;
  release: (dropped?: boolean) => void;
}

export const hold = (msg: FlowMessage): HeldMessage => ({ msg, release: holdMessage(msg) });

/** Sends held messages on port 0 as one batch, then lets their receipts go. */
export function sendHeld(ctx: Pick<NodeContext, 'send'>, held: readonly HeldMessage[]): void {
  if (held.length === 0) return;
  ctx.send([held.map((h) => h.msg)]);
  for (const h of held) h.release();
}
