import { isDeepStrictEqual } from 'node:util';
import { UserError, type FlowMessage } from '@millwright/model';
import { getMsgPath, parseMsgPath, type NodeContext, type NodeHandlers } from '@millwright/sdk';
import { describeValue } from '../parser-input.js';
import type { FilterConfig } from './config.js';

const NO_TOPIC = '\u0000no-topic';

/** Builds the filter node, following Node-RED's rbe node rule for rule. */
export function createFilter(ctx: NodeContext<FilterConfig>): NodeHandlers {
  const cfg = ctx.config;
  const segs = parseMsgPath(cfg.property);
  const topicSegs = parseMsgPath(cfg.topicProperty);
  // Last value per topic; a Map keeps insertion order, so re-inserting on use makes it an LRU.
  const previous = new Map<string, unknown>();
  const remember = (t: string, v: unknown) => {
    previous.delete(t);
    previous.set(t, v);
    if (previous.size > cfg.maxTopics) previous.delete(previous.keys().next().value as string);
  };

  const topicOf = (msg: FlowMessage): string | undefined => {
    if (!cfg.perTopic) return undefined;
    const topic = getMsgPath(msg, topicSegs);
    return (typeof topic === 'string' && topic !== '') || typeof topic === 'number' ? String(topic) : undefined;
  };

  function changed(t: string, value: unknown): boolean {
    const doSend = cfg.mode === 'rbe' || previous.has(t);
    let prev = previous.get(t);
    if (typeof value === 'object' && value !== null) {
      if (typeof prev !== 'object' || prev === null) remember(t, (prev = {}));
      if (isDeepStrictEqual(value, prev)) return false;
      remember(t, structuredClone(value));
      return doSend;
    }
    if (previous.has(t) && value === prev) return false;
    remember(t, value);
    return doSend;
  }

  function passes(t: string, value: unknown): boolean {
    const n = typeof value === 'number' ? value : typeof value === 'string' ? parseFloat(value) : NaN;
    if (Number.isNaN(n))
      throw new UserError(
        'filter_not_a_number',
        `"${cfg.property}" is ${typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : describeValue(value)}; ${cfg.mode} needs a number`,
      );
    const narrow = cfg.mode === 'narrowband' || cfg.mode === 'narrowbandEq';
    let prev = previous.get(t) as number | undefined;
    if (prev === undefined && narrow) prev = cfg.start ?? n;
    const gap = cfg.gapPercent ? Math.abs(((prev ?? NaN) * cfg.gap) / 100) || 0 : cfg.gap;
    // No last value yet: the first one always passes a deadband.
    if (prev === undefined) prev = n - gap - 1;
    const diff = Math.abs(n - prev);
    const ok =
      cfg.mode === 'deadband'
        ? diff > gap
        : cfg.mode === 'deadbandEq'
          ? diff >= gap
          : cfg.mode === 'narrowband'
            ? diff <= gap
            : diff < gap;
    if (ok || cfg.compareTo === 'lastInput') remember(t, n);
    else if (!previous.has(t) && narrow) remember(t, prev);
    return ok;
  }

  return {
    input(msg) {
      const topic = topicOf(msg);
      if ('reset' in msg) {
        if (topic === undefined) previous.clear();
        else previous.delete(topic);
      }
      const value = getMsgPath(msg, segs);
      if (value === undefined) return; // nothing to compare (a bare reset): dropped, as in Node-RED
      const t = topic ?? NO_TOPIC;
      const pass = cfg.mode === 'rbe' || cfg.mode === 'rbei' ? changed(t, value) : passes(t, value);
      if (pass) ctx.send(msg);
    },
  };
}
