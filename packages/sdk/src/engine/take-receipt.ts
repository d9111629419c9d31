import type { FlowMessage } from '@millwright/model';

/**
 * Ack after take. A source that must acknowledge its input only once the flow has taken it (an
 * MQTT QoS 1 PUBACK, a journal entry of a link between flows) attaches a receipt to the message it
 * sends. The receipt counts its holders: each mailbox holding the message or a message produced
 * while handling it, each handler still running on one, and each node keeping one for later
 * (`holdMessage`). At zero the flow has taken the message: every node it reached has finished with
 * it or handed it out of the flow, and the source acknowledges.
 *
 * What a handler sends while it runs synchronously, and a message object it passes on (the same
 * object or a `{ ...msg }` copy: the receipt is an own symbol property), carries the receipt. A
 * node that replies from an async callback with a brand-new message object must keep the input
 * (`holdMessage`) or run the send in `withReceiptOf(input, ...)`, or the input counts as taken once
 * its handler returned.
 */
export interface Receipt {
  holders: number;
  settled: boolean;
  /** A holder let go of the message without finishing it (a node closed by a stop or deploy). */
  dropped?: boolean;
  readonly onTaken: () => void;
  /**
   * Runs instead of `onTaken` when a holder dropped the message: the source must not acknowledge
   * it (an MQTT source reconnects so the broker sends it again). Without it, a drop counts as taken.
   */
  readonly onDropped?: () => void;
}

const RECEIPT = Symbol.for('millwright.receipt');
type Carrier = FlowMessage & { [RECEIPT]?: Receipt };

/** The receipt of the message being handled right now (synchronously), if it has one. */
let current: Receipt | undefined;

/** A receipt held once by the source; `release` it after sending. `onTaken` runs once. */
export function newReceipt(onTaken: () => void, onDropped?: () => void): Receipt {
  return { holders: 1, settled: false, onTaken, ...(onDropped ? { onDropped } : {}) };
}

export function attachReceipt(msg: FlowMessage, receipt: Receipt): FlowMessage {
  (msg as Carrier)[RECEIPT] = receipt;
  return msg;
}

export function receiptOf(msg: FlowMessage): Receipt | undefined {
  return (msg as Carrier)[RECEIPT];
}

export function holdReceipt(receipt: Receipt): void {
  if (!receipt.settled) receipt.holders++;
}

export function releaseReceipt(receipt: Receipt, dropped = false): void {
  if (receipt.settled) return;
  if (dropped) receipt.dropped = true;
  if (--receipt.holders > 0) return;
  receipt.settled = true;
  try {
    if (receipt.dropped && receipt.onDropped) receipt.onDropped();
    else receipt.onTaken();
  } catch {
    // The source's acknowledgement must not break the flow that took the message.
  }
}

/**
 * For nodes that keep a message past their handler (a delay queue, async work): holds its receipt
 * until the returned function is called (once; later calls do nothing). Call it with `true` when
 * the node drops the message unfinished (closed by a stop or a deploy): the source then does not
 * count it as taken.
 */
export function holdMessage(msg: FlowMessage): (dropped?: boolean) => void {
  const receipt = receiptOf(msg);
  if (!receipt || receipt.settled) return noop;
  receipt.holders++;
  let released = false;
  return (dropped = false) => {
    if (released) return;
    released = true;
    releaseReceipt(receipt, dropped);
  };
}

/**
 * Holds the receipt of `msg`, or else of the message being handled now: for a message leaving the
 * flow (a link to another flow) that counts as taken only once the other side accepted it.
 */
export function holdLeaving(msg: FlowMessage): () => void {
  const receipt = receiptOf(msg) ?? current;
  if (!receipt || receipt.settled) return noop;
  return holdMessage(attachReceipt(msg, receipt));
}

/** Runs `fn` as part of handling `origin`: what it sends carries `origin`'s receipt. */
export function withReceiptOf<T>(origin: FlowMessage | undefined, fn: () => T): T {
  return withReceipt(origin ? receiptOf(origin) : undefined, fn);
}

/** Runs `fn` with `receipt` as the current one (the engine, around each handler call). */
export function withReceipt<T>(receipt: Receipt | undefined, fn: () => T): T {
  const before = current;
  current = receipt;
  try {
    return fn();
  } finally {
    current = before;
  }
}

/**
 * Called by the engine for each message entering a mailbox: a message without a receipt sent while
 * a receipt is current takes it; the mailbox then holds it.
 */
export function holdOnEnqueue(msg: FlowMessage): void {
  let receipt = (msg as Carrier)[RECEIPT];
  if (receipt === undefined) {
    if (current === undefined) return;
    receipt = current;
    (msg as Carrier)[RECEIPT] = receipt;
  }
  if (!receipt.settled) receipt.holders++;
}

/** Gives a copy made for another receiver the original's receipt. */
export function shareReceipt(from: FlowMessage, to: FlowMessage): void {
  const receipt = (from as Carrier)[RECEIPT];
  if (receipt !== undefined) (to as Carrier)[RECEIPT] = receipt;
}

function noop(): void {}
