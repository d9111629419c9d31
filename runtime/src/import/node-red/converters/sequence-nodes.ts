import type { NodeConverter } from '../types.js';
import { bool, msgProperty, num, text } from '../values.js';

const MAX_TIMER_MS = 2_147_483_647;
// A JSONata expression that is only a property path reads the same as a Millwright path.
const PLAIN_PATH = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;

/**
 * Node-RED `sort`: an array property, or a message sequence, by the element, a msg property or a
 * JSONata key (a plain path becomes a path, other expressions the sort node's `keyExpression`).
 */
export const sort: NodeConverter = {
  kind: 'node',
  convert(n) {
    const common = {
      order: text(n['order']) === 'descending' ? 'descending' : 'ascending',
      asNumber: bool(n['as_num']),
    };
    if (text(n['targetType'] || 'seq') === 'msg') {
      let elementKey = '';
      let keyExpression = '';
      if (text(n['msgKeyType']) === 'jsonata') {
        const expr = text(n['msgKey']).trim();
        if (PLAIN_PATH.test(expr)) elementKey = expr;
        else keyExpression = expr;
      }
      return {
        type: 'sort',
        config: { target: 'property', property: msgProperty(n['target']), elementKey, keyExpression, ...common },
      };
    }
    const key = text(n['seqKey']).trim() || 'payload';
    if (text(n['seqKeyType']) === 'jsonata' && !PLAIN_PATH.test(key))
      return { type: 'sort', config: { target: 'sequence', key: 'payload', keyExpression: key, ...common } };
    return { type: 'sort', config: { target: 'sequence', key: msgProperty(key), ...common } };
  },
};

/** Node-RED `batch`: count (with overlap), interval (seconds) or concat of topics. */
export const batch: NodeConverter = {
  kind: 'node',
  convert(n) {
    const mode = text(n['mode'] || 'count');
    if (mode === 'count') {
      const count = Math.max(1, Math.round(num(n['count'], 1)));
      const overlap = Math.max(0, Math.round(num(n['overlap'], 0)));
      if (overlap >= count) return { unsupported: `overlap ${overlap} is not less than count ${count}` };
      return { type: 'batch', config: { mode, count, overlap, honourParts: bool(n['honourParts']) } };
    }
    if (mode === 'interval') {
      const intervalMs = Math.round(num(n['interval'], 0) * 1000);
      if (intervalMs <= 0) return { unsupported: 'an interval of 0 (Node-RED then never sends)' };
      return {
        type: 'batch',
        config: { mode, intervalMs: Math.min(MAX_TIMER_MS, intervalMs), allowEmpty: bool(n['allowEmptySequence']) },
      };
    }
    if (mode === 'concat') {
      const topics = ((n['topics'] ?? []) as Array<{ topic?: unknown }>).map((t) => text(t.topic));
      if (topics.length === 0) return { unsupported: 'concat mode without topics' };
      return { type: 'batch', config: { mode, topics } };
    }
    return { unsupported: `batch mode "${mode}"` };
  },
};
