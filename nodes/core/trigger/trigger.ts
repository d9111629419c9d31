import { OperationalError, type FlowMessage } from '@millwright/model';
import { copyMessage, getMsgPath, parseMsgPath, type NodeContext, type NodeHandlers } from '@millwright/sdk';
import Mustache from 'mustache';
import { compileValue, VALUE_TYPES, type ValueType } from '../change/typed-value.js';
import type { TriggerConfig } from './config.js';

const ALL = '\u0000all';

/** What one topic is doing: waiting (a timeout), repeating (an interval) or blocked until reset. */
interface TopicState {
  timer?: NodeJS.Timeout;
  /** The message the wait started with; the second message is a copy of it. */
  first?: FlowMessage;
  /** The last message received during the wait (`latest`). */
  latest?: FlowMessage;
}

type Reader = (msg: FlowMessage) => unknown;

const isValueType = (t: string): t is ValueType => (VALUE_TYPES as readonly string[]).includes(t);

/** Builds the trigger node, following Node-RED's trigger node. */
export function createTrigger(ctx: NodeContext<TriggerConfig>): NodeHandlers {
  const cfg = ctx.config;
  const topicSegs = parseMsgPath(cfg.topicProperty);
  const topics = new Map<string, TopicState>();
  const reader = (type: string, value: string): Reader | undefined => {
    if (!isValueType(type)) return undefined;
    // A string with {{...}} is a mustache template over the message, as in Node-RED.
    if (type === 'string' && value.includes('{{')) return (msg) => Mustache.render(value, msg);
    return compileValue(type, value, ctx);
  };
  const first = reader(cfg.sendType, cfg.sendValue);
  const second = reader(cfg.secondType, cfg.secondValue);
  const secondPort = cfg.outputs === 2 ? 1 : 0;

  const status = () => {
    const n = topics.size;
    ctx.status(n === 0 ? null : { fill: 'blue', shape: 'dot', ...(n > 1 ? { text: String(n) } : {}) });
  };
  const guarded = (fn: () => void) => () => {
    try {
      fn();
    } catch (err) {
      ctx.error(err);
    }
  };
  const stop = (key: string) => {
    const state = topics.get(key);
    if (!state) return;
    clearTimeout(state.timer);
    clearInterval(state.timer);
    topics.delete(key);
  };

  const sendSecond = (key: string, state: TopicState) => {
    topics.delete(key);
    status();
    const base = state.first;
    if (!base || cfg.secondType === 'nothing') return;
    let msg: FlowMessage;
    if (cfg.secondType === 'latest') msg = state.latest ?? base;
    else {
      msg = copyMessage(base);
      if (second) msg.payload = second(base);
    }
    ctx.send(secondPort === 0 ? msg : [null, msg]);
  };

  const delayOf = (msg: FlowMessage) => {
    const d = msg['delay'];
    const n = typeof d === 'number' ? d : typeof d === 'string' ? parseFloat(d) : NaN;
    return cfg.overrideDelay && Number.isFinite(n) && n >= 0 ? Math.min(n, 2_147_483_647) : cfg.durationMs;
  };

  const isReset = (msg: FlowMessage) =>
    'reset' in msg ||
    (cfg.resetPayload !== '' &&
      msg.payload !== null &&
      msg.payload !== undefined &&
      String(msg.payload as string) === cfg.resetPayload);

  return {
    input(msg) {
      const topic = cfg.byTopic ? getMsgPath(msg, topicSegs) : undefined;
      const key = cfg.byTopic && topic !== undefined && topic !== null && topic !== '' ? String(topic as string) : ALL;
      if (isReset(msg)) {
        stop(key);
        status();
        return;
      }
      let state = topics.get(key);
      if (state && cfg.then !== 'resend') {
        // During the wait: remember the latest, restart the wait when extending, else ignore.
        if (cfg.secondType === 'latest') state.latest = msg;
        if (cfg.extend && cfg.then === 'wait' && state.timer) {
          clearTimeout(state.timer);
          // The second message is built from the newest message, as in Node-RED.
          const payload = state.first?.payload;
          state.first = copyMessage(msg);
          if (cfg.secondType === 'original') state.first.payload = payload;
          const s = state;
          state.timer = setTimeout(
            guarded(() => sendSecond(key, s)),
            delayOf(msg),
          );
        }
        return;
      }
      if (!state && topics.size >= cfg.maxTopics) {
        ctx.error(
          new OperationalError('trigger_too_many_topics', `${topics.size} topics are already timed (maxTopics)`),
          msg,
        );
        return;
      }
      stop(key);
      state = {};
      topics.set(key, state);
      // The second message starts from the incoming one, before the first value replaces its payload.
      state.first = copyMessage(msg);
      if (cfg.secondType === 'latest') state.latest = copyMessage(msg);
      if (first) msg.payload = first(msg);
      const s = state;
      if (cfg.then === 'wait')
        state.timer = setTimeout(
          guarded(() => sendSecond(key, s)),
          delayOf(msg),
        );
      else if (cfg.then === 'resend' && cfg.sendType !== 'nothing') {
        const repeat = copyMessage(msg);
        state.timer = setInterval(
          guarded(() => {
            const again = copyMessage(repeat);
            if (cfg.sendType === 'timestamp') again.payload = Date.now();
            ctx.send(again);
          }),
          delayOf(msg),
        );
      }
      status();
      if (cfg.sendType !== 'nothing') ctx.send(msg);
    },
    close() {
      for (const key of [...topics.keys()]) stop(key);
    },
  };
}
