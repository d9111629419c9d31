import { OperationalError, type FlowMessage } from '@millwright/model';
import { holdMessage, type NodeContext, type NodeHandlers } from '@millwright/sdk';
import type { DelayConfig } from './config.js';
import { Fifo } from './fifo.js';

const MAX_TIMER_MS = 2_147_483_647; // setTimeout's limit

/** Builds the delay node in `delay` or `rate` mode. Both keep message order. */
export function createDelay(ctx: NodeContext<DelayConfig>): NodeHandlers {
  const cfg = ctx.config;
  // Each waiting message keeps its take receipt: a source that acknowledges after take (MQTT QoS 1)
  // acknowledges once the message has left the delay, so a crash meanwhile does not lose it.
  const queue = new Fifo<{ msg: FlowMessage; due: number; release: (dropped?: boolean) => void }>();
  const pass = (head: { msg: FlowMessage; release: (dropped?: boolean) => void }) => {
    ctx.send(head.msg);
    head.release();
  };
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  // `message` delays: one timer per message, so they may overtake each other.
  const own = new Set<{ timer: NodeJS.Timeout; release: (dropped?: boolean) => void }>();
  const held = () => queue.size + own.size + byTopic.length;

  const full = (msg: FlowMessage): boolean => {
    if (held() < cfg.maxQueue) return false;
    ctx.error(
      new OperationalError('delay_queue_full', `${held()} messages are already waiting (maxQueue); message dropped`),
      msg,
    );
    return true;
  };

  const schedule = (at: number) => {
    clearTimeout(timer);
    timer = setTimeout(release, Math.max(0, at - Date.now()));
  };

  // ---- delay mode: every message waits until its due time. A random delay is raised to the
  // previous message's due time when needed, so messages never overtake each other.
  let lastDue = 0;
  const delayFor = () =>
    cfg.delayType === 'fixed'
      ? cfg.delayMs
      : cfg.randomMinMs + Math.floor(Math.random() * (cfg.randomMaxMs - cfg.randomMinMs + 1));

  // ---- rate mode: a sliding window; `sent` holds the send times within the last periodMs.
  const sent = new Fifo<number>();
  const prune = (now: number) => {
    for (let t = sent.peek(); t !== undefined && t <= now - cfg.periodMs; t = sent.peek()) sent.shift();
  };
  /** When the oldest send leaves the window. */
  const windowOpensAt = () => (sent.peek() ?? Date.now()) + cfg.periodMs;

  function release(): void {
    timer = undefined;
    if (closed) return;
    const now = Date.now();
    if (cfg.mode === 'delay') {
      // The timer was set for the head, so it goes even if the clock reads a millisecond early.
      let head = queue.shift();
      while (head) {
        pass(head);
        const next = queue.peek();
        if (!next) return;
        if (next.due > now) return schedule(next.due);
        head = queue.shift();
      }
      return;
    }
    prune(now);
    for (let head = queue.peek(); head && sent.size < cfg.rate; head = queue.peek()) {
      queue.shift();
      sent.push(now);
      pass(head);
    }
    if (queue.size) schedule(windowOpensAt());
  }

  const inputDelay = (msg: FlowMessage) => {
    if (full(msg)) return;
    const due = Math.max(Date.now() + delayFor(), lastDue);
    lastDue = due;
    queue.push({ msg, due, release: holdMessage(msg) });
    if (queue.size === 1) schedule(due);
  };

  const inputMessageDelay = (msg: FlowMessage) => {
    if (full(msg)) return;
    const asked = typeof msg['delay'] === 'string' ? Number.parseFloat(msg['delay']) : msg['delay'];
    const wait =
      typeof asked === 'number' && Number.isFinite(asked) ? Math.min(Math.max(0, asked), MAX_TIMER_MS) : cfg.delayMs;
    const entry = { release: holdMessage(msg), timer: undefined as unknown as NodeJS.Timeout };
    entry.timer = setTimeout(() => {
      own.delete(entry);
      pass({ msg, release: entry.release });
    }, wait);
    own.add(entry);
  };

  const inputRate = (msg: FlowMessage) => {
    const now = Date.now();
    prune(now);
    if (queue.size === 0 && sent.size < cfg.rate) {
      sent.push(now);
      ctx.send(msg);
      return;
    }
    if (cfg.rateAction === 'drop' || full(msg)) return;
    queue.push({ msg, due: 0, release: holdMessage(msg) });
    if (!timer) schedule(windowOpensAt());
  };

  // ---- topic mode: the latest message per topic waits (a newer one of the same topic replaces it
  // in place); each tick releases the oldest topic, or all of them.
  const byTopic: Array<{ topic: unknown; msg: FlowMessage; release: (dropped?: boolean) => void }> = [];
  let ticker: NodeJS.Timeout | undefined;
  const tick = () => {
    const n = cfg.topicRelease === 'all' ? byTopic.length : 1;
    for (const head of byTopic.splice(0, n)) pass(head);
    if (!byTopic.length) {
      clearInterval(ticker);
      ticker = undefined;
    }
  };
  const inputTopic = (msg: FlowMessage) => {
    const topic = msg.topic ?? '_none_';
    const i = byTopic.findIndex((e) => e.topic === topic);
    if (i >= 0) {
      byTopic[i]?.release(); // replaced: finished here, as Node-RED drops it
      byTopic[i] = { topic, msg, release: holdMessage(msg) };
      return;
    }
    if (full(msg)) return;
    byTopic.push({ topic, msg, release: holdMessage(msg) });
    ticker ??= setInterval(tick, Math.max(1, Math.round(cfg.periodMs / cfg.rate)));
  };

  return {
    input:
      cfg.mode === 'topic'
        ? inputTopic
        : cfg.mode === 'rate'
          ? inputRate
          : cfg.delayType === 'message'
            ? inputMessageDelay
            : inputDelay,
    pending: held,
    close() {
      closed = true;
      clearTimeout(timer);
      if (held()) ctx.log.warn(`dropped ${held()} waiting message(s) on close`);
      clearInterval(ticker);
      for (const e of byTopic.splice(0)) e.release(true);
      for (const e of own) {
        clearTimeout(e.timer);
        e.release(true);
      }
      own.clear();
      // Dropped, not taken: a source that acknowledges after take has the message sent again.
      for (let head = queue.shift(); head; head = queue.shift()) head.release(true);
    },
  };
}
