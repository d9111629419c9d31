import type { ConvertOutcome, NodeConverter, NodeRedNode } from '../types.js';
import { bool, msgProperty, num, text, toMs, typedValue } from '../values.js';

const MAX_TIMER_MS = 2_147_483_647;

/** Node-RED `delay`: fixed, random or msg.delay delay, rate limit (queue or drop), or per topic. */
export const delay: NodeConverter = {
  kind: 'node',
  convert(n) {
    const warnings: string[] = [];
    const pause = text(n['pauseType'] || 'delay');
    if (num(n['outputs'], 1) > 1)
      warnings.push('the second output (dropped messages) is not supported; its wires are removed');
    if (pause === 'delay')
      return {
        type: 'delay',
        config: { mode: 'delay', delayType: 'fixed', delayMs: toMs(n['timeout'], n['timeoutUnits'], 5) },
        warnings,
      };
    if (pause === 'random')
      return {
        type: 'delay',
        config: {
          mode: 'delay',
          delayType: 'random',
          randomMinMs: toMs(n['randomFirst'], n['randomUnits'], 1),
          randomMaxMs: toMs(n['randomLast'], n['randomUnits'], 5),
        },
        warnings,
      };
    if (pause === 'delayv')
      return {
        type: 'delay',
        config: { mode: 'delay', delayType: 'message', delayMs: toMs(n['timeout'], n['timeoutUnits'], 5) },
        warnings,
      };
    if (pause === 'rate') {
      if (bool(n['allowrate'])) warnings.push('msg.rate overrides are not supported');
      return {
        type: 'delay',
        config: {
          mode: 'rate',
          rate: Math.max(1, Math.round(num(n['rate'], 1))),
          periodMs: Math.min(MAX_TIMER_MS, Math.max(1, toMs(n['nbRateUnits'] || 1, n['rateUnits'] || 'second'))),
          rateAction: bool(n['drop']) ? 'drop' : 'queue',
        },
        warnings,
      };
    }
    if (pause === 'queue' || pause === 'timed')
      return {
        type: 'delay',
        config: {
          mode: 'topic',
          topicRelease: pause === 'queue' ? 'one' : 'all',
          rate: Math.max(1, Math.round(num(n['rate'], 1))),
          periodMs: Math.min(MAX_TIMER_MS, Math.max(1, toMs(n['nbRateUnits'] || 1, n['rateUnits'] || 'second'))),
        },
        warnings,
      };
    return { unsupported: `pause type "${pause}" is not supported` };
  },
};

/** Node-RED `split`: strings at a delimiter or in fixed lengths, arrays in chunks, objects per key. */
export const split: NodeConverter = {
  kind: 'node',
  convert(n) {
    const warnings: string[] = [];
    const spltType = text(n['spltType'] || 'str');
    if (spltType !== 'str' && spltType !== 'len') return { unsupported: 'splitting at a binary delimiter' };
    // Fixed lengths apply to strings and binary data alike.
    const length = spltType === 'len' ? Math.max(1, Math.round(num(n['splt'], 1))) : 0;
    if (bool(n['stream'])) warnings.push('streaming mode is not supported; each message is split on its own');
    if (n['arraySpltType'] && n['arraySpltType'] !== 'len') return { unsupported: 'array split type' };
    return {
      type: 'split',
      config: {
        property: msgProperty(n['property']),
        delimiter: length ? '\\n' : text(n['splt'] ?? '\\n'),
        ...(length ? { stringChunk: length, bufferChunk: length } : {}),
        arrayChunk: Math.max(1, Math.round(num(n['arraySplt'], 1))),
        keyProperty: n['addname'] ? msgProperty(n['addname'], '') : '',
      },
      warnings,
    };
  },
};

/** Node-RED `join`: automatic (after split) or manual (array, object, string, buffer, merged) with count/timeout. */
export const join: NodeConverter = {
  kind: 'node',
  convert(n) {
    const warnings: string[] = [];
    const mode = text(n['mode'] || 'auto');
    const timeoutMs = Math.min(MAX_TIMER_MS, toMs(n['timeout'], 'seconds'));
    if (mode === 'auto') return { type: 'join', config: { mode: 'auto', timeoutMs } };
    if (mode === 'reduce') return reduceJoin(n, timeoutMs);
    if (mode !== 'custom') return { unsupported: `join mode "${mode}" is not supported` };
    const build = text(n['build'] || 'array');
    if (n['propertyType'] === 'full') return { unsupported: 'joining complete messages is not supported' };
    if (n['joinerType'] && n['joinerType'] !== 'str') return { unsupported: 'a binary joiner is not supported' };
    if (bool(n['accumulate'])) warnings.push('"and every subsequent message" (accumulate) is not supported');
    const count = Math.max(0, Math.round(num(n['count'], 0)));
    const config: Record<string, unknown> = {
      mode: 'manual',
      build,
      property: msgProperty(n['property']),
      keyProperty: msgProperty(n['key'], 'topic'),
      joiner: text(n['joiner'] ?? '\\n'),
      count,
      timeoutMs,
    };
    if (count === 0 && timeoutMs === 0) {
      // Node-RED then waits for msg.complete only; the longest timer comes closest.
      config['timeoutMs'] = MAX_TIMER_MS;
      warnings.push(
        'no count or timeout: the group is sent on msg.complete, when msg.parts.count messages arrived, or after 24.8 days',
      );
    }
    return { type: 'join', config, warnings };
  },
};

/** Node-RED `join` in reduce mode: the JSONata fold ($A, $I, $N), initial value, fixup, right to left. */
function reduceJoin(n: NodeRedNode, timeoutMs: number): ConvertOutcome {
  const init = typedValue(n['reduceInitType'] || 'num', n['reduceInit'], { jsonata: true });
  if ('unsupported' in init) return { unsupported: `reduce initial value: ${init.unsupported}` };
  const warnings = init.warning ? [init.warning] : [];
  if (timeoutMs > 0) warnings.push('the timeout of a reduce join is not carried over: it waits for the whole sequence');
  return {
    type: 'join',
    config: {
      mode: 'reduce',
      reduceExpression: text(n['reduceExp']).trim(),
      reduceInit: init.valueType === 'number' && init.value.trim() === '' ? '0' : init.value,
      reduceInitType: init.valueType,
      reduceFixup: text(n['reduceFixup']).trim(),
      reduceRight: bool(n['reduceRight']),
    },
    warnings,
  };
}
