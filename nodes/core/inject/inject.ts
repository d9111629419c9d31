import type { FlowMessage } from '@millwright/model';
import { parseMsgPath, setMsgPath, type NodeContext, type NodeHandlers } from '@millwright/sdk';
import { Cron } from 'croner';
import { compileValue, type ValueReader, type ValueType } from '../change/typed-value.js';
import { compileJsonata } from '../jsonata-expression.js';
import type { InjectConfig } from './config.js';

/** Messages sent before yielding to the event loop, so a big burst flows downstream as it is made. */
const CHUNK = 10_000;

/** Builds the inject node: the button (`trigger`), start-up injection and the repeat timer or cron job. */
export function createInject(ctx: NodeContext<InjectConfig>): NodeHandlers {
  const cfg = ctx.config;
  const reader = (type: ValueType | 'jsonata', value: string): ValueReader =>
    type === 'jsonata' ? compileJsonata(value, ctx) : compileValue(type, value, ctx);
  const readPayload = reader(cfg.payloadType, cfg.payload);
  const props = cfg.props.map((p) => ({
    path: parseMsgPath(p.property),
    read: reader(p.valueType, p.value),
  }));
  const usesJsonata = cfg.payloadType === 'jsonata' || cfg.props.some((p) => p.valueType === 'jsonata');
  let closed = false;
  let busy = false;
  let onceTimer: NodeJS.Timeout | undefined;
  let interval: NodeJS.Timeout | undefined;
  let cron: Cron | undefined;

  const build = (index: number): FlowMessage => {
    const msg = ctx.newMessage();
    const payload = readPayload(msg);
    if (payload !== undefined) msg.payload = payload;
    if (cfg.topic) msg.topic = cfg.topic;
    for (const p of props) setMsgPath(msg, p.path, p.read(msg));
    if (cfg.burst > 1) msg['burstIndex'] = index;
    return msg;
  };
  // JSONata values are evaluated in order, each seeing the message built so far (as in Node-RED).
  const buildAsync = async (index: number): Promise<FlowMessage> => {
    const msg = ctx.newMessage();
    if (cfg.topic) msg.topic = cfg.topic;
    const payload = await readPayload(msg);
    if (payload !== undefined) msg.payload = payload;
    for (const p of props) setMsgPath(msg, p.path, await p.read(msg));
    if (cfg.burst > 1) msg['burstIndex'] = index;
    return msg;
  };

  /**
   * Emits one firing (`burst` messages). Resolves when all were sent or the node closed. Between
   * chunks it yields, and waits while the flow's queue is over its limit (back-pressure), so a
   * burst into a slow node pauses instead of filling memory.
   */
  const fire = async (): Promise<void> => {
    for (let i = 0; i < cfg.burst && !closed;) {
      const end = Math.min(i + CHUNK, cfg.burst);
      for (; i < end; i++) ctx.send(usesJsonata ? await buildAsync(i) : build(i));
      if (i < cfg.burst) {
        await new Promise((r) => setImmediate(r));
        await ctx.flow.whenWritable();
      }
    }
  };

  // Timer firings report failures as node errors (nobody awaits them) and skip while a previous
  // burst is still being emitted, so a slow flow cannot pile bursts up in memory.
  const scheduled = () => {
    if (busy || closed) return;
    busy = true;
    fire().then(
      () => (busy = false),
      (err: unknown) => {
        busy = false;
        ctx.error(err);
      },
    );
  };

  const startRepeat = () => {
    if (closed) return;
    if (cfg.repeat === 'interval') interval = setInterval(scheduled, cfg.intervalMs);
    else if (cfg.repeat === 'cron')
      cron = new Cron(cfg.cron.trim(), { mode: '5-or-6-parts', catch: (err) => ctx.error(err) }, scheduled);
  };

  if (cfg.once) {
    // As in Node-RED, the repeat starts after the start-up injection.
    onceTimer = setTimeout(() => {
      scheduled();
      startRepeat();
    }, cfg.onceDelayMs);
  } else startRepeat();

  return {
    // The button answers once the burst has started: a burst into a slow flow waits on
    // back-pressure for as long as the flow needs, which no HTTP caller should wait for.
    trigger() {
      fire().catch((err: unknown) => ctx.error(err));
    },
    close() {
      closed = true;
      clearTimeout(onceTimer);
      clearInterval(interval);
      cron?.stop();
    },
  };
}
