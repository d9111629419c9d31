import { OperationalError, UserError, type FlowMessage } from '@millwright/model';
import { copyMessage, newMessageId, type NodeContext, type NodeHandlers } from '@millwright/sdk';
import { hold, positionOf, sendHeld, type HeldMessage } from '../sequence-parts.js';
import type { BatchConfig } from './config.js';

/** Builds the batch node, in one of Node-RED's three modes. */
export function createBatch(ctx: NodeContext<BatchConfig>): NodeHandlers {
  const cfg = ctx.config;
  let held: HeldMessage[] = []; // count and interval modes
  const topics = new Map<string, Map<string, { count?: number; held: HeldMessage[] }>>(); // concat: topic -> id -> group
  let pending = 0;
  let timer: NodeJS.Timeout | undefined;

  /** Numbers `msgs` as one sequence (id of the first message, as Node-RED), keeping other `parts` fields. */
  const number = (msgs: readonly FlowMessage[]) => {
    const id = msgs[0]?.id ?? newMessageId();
    msgs.forEach((m, index) => {
      const old = m['parts'];
      m['parts'] = { ...(typeof old === 'object' && old !== null ? old : {}), id, index, count: msgs.length };
    });
  };

  const dropAll = (dropped: boolean) => {
    for (const h of held) h.release(dropped);
    for (const groups of topics.values()) for (const g of groups.values()) for (const h of g.held) h.release(dropped);
    held = [];
    topics.clear();
    pending = 0;
  };

  const overflow = (msg: FlowMessage) => {
    if (pending <= cfg.maxPending) return;
    dropAll(true);
    ctx.error(
      new OperationalError(
        'batch_too_many',
        `more than maxPending (${cfg.maxPending}) messages held; all were dropped`,
      ),
      msg,
    );
  };

  // ---- count ------------------------------------------------------------------------------
  let endOfSequence = false;
  const inputCount = (msg: FlowMessage) => {
    if (cfg.honourParts) {
      const pos = positionOf(msg);
      if (pos?.count !== undefined && pos.index + 1 === pos.count) endOfSequence = true;
    }
    held.push(hold(msg));
    pending++;
    if (held.length === cfg.count || endOfSequence) {
      endOfSequence = false;
      const keep = cfg.overlap ? held.slice(-cfg.overlap) : [];
      // The overlapping messages go out again with the next sequence: send copies now.
      const out = held.map((h, i) =>
        i >= held.length - keep.length ? { ...h, msg: copyMessage(h.msg), release: () => {} } : h,
      );
      number(out.map((h) => h.msg));
      sendHeld(ctx, out);
      held = keep;
      pending = keep.length;
      return;
    }
    overflow(msg);
  };

  // ---- interval ---------------------------------------------------------------------------
  const tick = () => {
    if (held.length) {
      const out = held;
      held = [];
      pending = 0;
      number(out.map((h) => h.msg));
      sendHeld(ctx, out);
    } else if (cfg.allowEmpty) {
      ctx.send(ctx.newMessage({ payload: null, parts: { id: newMessageId(), index: 0, count: 1 } }));
    }
  };
  const startTimer = () => {
    clearInterval(timer);
    // Timer callbacks run outside the engine's try/catch: report failures instead of crashing.
    timer = setInterval(() => {
      try {
        tick();
      } catch (err) {
        ctx.error(err);
      }
    }, cfg.intervalMs);
  };
  const inputInterval = (msg: FlowMessage) => {
    held.push(hold(msg));
    pending++;
    overflow(msg);
  };

  // ---- concat -----------------------------------------------------------------------------
  const inputConcat = (msg: FlowMessage) => {
    const topic = msg['topic'];
    if (typeof topic !== 'string' || !cfg.topics.includes(topic)) return; // other topics are ignored, as in Node-RED
    const pos = positionOf(msg);
    if (pos?.count === undefined)
      throw new UserError(
        'batch_missing_parts',
        `concat mode needs msg.parts with id, index and count (topic "${topic}")`,
      );
    let groups = topics.get(topic);
    if (!groups) topics.set(topic, (groups = new Map()));
    let group = groups.get(pos.id);
    if (!group) groups.set(pos.id, (group = { held: [] }));
    group.count = pos.count;
    group.held.push(hold(msg));
    pending++;
    overflow(msg);
    // Complete when each topic's oldest sequence is complete.
    const firsts = cfg.topics.map((t) => topics.get(t)?.entries().next().value);
    if (!firsts.every((e) => e && e[1].held.length === e[1].count)) return;
    // Copies: a topic listed twice sends its sequence twice, as in Node-RED.
    const out = firsts.flatMap((e) => (e as [string, { held: HeldMessage[] }])[1].held).map((h) => h.msg);
    const copies = out.map((m) => copyMessage(m));
    // One sequence is removed per listed topic (Node-RED does the same with a repeated topic).
    const removed: HeldMessage[] = [];
    for (const t of cfg.topics) {
      const groups = topics.get(t);
      const e = groups?.entries().next().value;
      if (!groups || !e) continue;
      groups.delete(e[0]);
      removed.push(...e[1].held);
    }
    pending -= removed.length;
    number(copies);
    ctx.send([copies]);
    for (const h of removed) h.release();
  };

  if (cfg.mode === 'interval') startTimer();
  const handlers = { count: inputCount, interval: inputInterval, concat: inputConcat } as const;
  return {
    input(msg) {
      if ('reset' in msg) {
        // A reset drops what is held (the reset message itself is consumed) and restarts the interval.
        dropAll(false);
        if (cfg.mode === 'interval') startTimer();
        return;
      }
      handlers[cfg.mode](msg);
    },
    pending: () => pending,
    close() {
      clearInterval(timer);
      if (pending) ctx.log.warn(`dropped ${pending} held message(s) on close`);
      dropAll(true);
    },
  };
}
