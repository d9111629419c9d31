import type { NodeConverter } from '../types.js';
import { bool, msgProperty, num, text, typedValue } from '../values.js';

const MAX_TIMER_MS = 2_147_483_647;
const RANGE_ACTIONS: Record<string, string> = { scale: 'scale', clamp: 'clamp', drop: 'drop', roll: 'wrap' };

/** Node-RED `range`: scale, clamp (limit), drop or roll (wrap), with rounding. */
export const range: NodeConverter = {
  kind: 'node',
  convert(n) {
    const config = {
      property: msgProperty(n['property']),
      action: RANGE_ACTIONS[text(n['action'])] ?? 'scale',
      inMin: num(n['minin'], 0),
      inMax: num(n['maxin'], 0),
      outMin: num(n['minout'], 0),
      outMax: num(n['maxout'], 0),
      round: bool(n['round']),
    };
    if (config.inMin === config.inMax)
      return { unsupported: `an empty input range (${config.inMin} to ${config.inMax}) divides by zero` };
    return { type: 'range', config };
  },
};

const FILTER_MODES = new Set(['rbe', 'rbei', 'deadband', 'deadbandEq', 'narrowband', 'narrowbandEq']);

/** Node-RED `rbe` (filter): report by exception, deadband and narrowband, per topic. */
export const rbe: NodeConverter = {
  kind: 'node',
  convert(n) {
    const mode = text(n['func'] || 'rbe');
    if (!FILTER_MODES.has(mode)) return { unsupported: `filter mode "${mode}"` };
    const gapText = text(n['gap'] || '0').trim();
    const config: Record<string, unknown> = {
      mode,
      gap: Math.abs(num(gapText.replace(/%$/, ''), 0)),
      gapPercent: gapText.endsWith('%'),
      compareTo: text(n['inout']) === 'in' ? 'lastInput' : 'lastOutput',
      property: msgProperty(n['property']),
      perTopic: n['septopics'] !== false && n['septopics'] !== 'false',
      topicProperty: msgProperty(n['topi'], 'topic'),
    };
    const start = text(n['start']).trim();
    const warnings: string[] = [];
    if (start !== '') {
      if (Number.isFinite(Number(start))) config['start'] = Number(start);
      else warnings.push(`start value "${start}" is not a number; the first value is used instead`);
    }
    return { type: 'filter', config, warnings };
  },
};

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, min: 60_000, hr: 3_600_000 };

/** A Node-RED trigger output type as a Millwright trigger value type. */
function triggerValue(
  nrType: string,
  value: unknown,
  which: string,
  warnings: string[],
): { type: string; value: string } | { unsupported: string } {
  if (nrType === 'pay') return { type: 'original', value: '' };
  if (nrType === 'payl') return { type: 'latest', value: '' };
  if (nrType === 'nul') return { type: 'nothing', value: '' };
  let t = nrType;
  // Old flows: "val" means a string, or true/false/null.
  if (t === 'val') t = value === 'true' || value === 'false' ? 'bool' : value === 'null' ? 'nul' : 'str';
  if (t === 'nul') return { type: 'nothing', value: '' };
  const tv = typedValue(t, value);
  if ('unsupported' in tv) return { unsupported: `${which}: ${tv.unsupported}` };
  if (tv.warning) warnings.push(`${which}: ${tv.warning}`);
  return { type: tv.valueType, value: tv.value };
}

/** Node-RED `trigger`: send, wait (or wait for reset, or resend), then send a second value; per topic, extend, reset. */
export const trigger: NodeConverter = {
  kind: 'node',
  convert(n) {
    const warnings: string[] = [];
    const op1 = triggerValue(text(n['op1type'] || 'str'), n['op1'] ?? '1', 'first value', warnings);
    if ('unsupported' in op1) return op1;
    const op2 = triggerValue(text(n['op2type'] || 'str'), n['op2'] ?? '0', 'second value', warnings);
    if ('unsupported' in op2) return op2;
    if (op1.type === 'latest') return { unsupported: 'first value: "the latest msg object"' };
    const duration = num(n['duration'], 250) * (UNIT_MS[text(n['units'] || 'ms')] ?? 1);
    const then = duration < 0 ? 'resend' : duration === 0 ? 'waitForReset' : 'wait';
    const topic = msgProperty(n['topic'], 'topic');
    return {
      type: 'trigger',
      config: {
        sendType: op1.type,
        sendValue: op1.value,
        then,
        durationMs: Math.min(MAX_TIMER_MS, Math.max(1, Math.round(Math.abs(duration) || 250))),
        extend: then === 'wait' && bool(n['extend']),
        overrideDelay: bool(n['overrideDelay']),
        secondType: op2.type,
        secondValue: op2.value,
        outputs: num(n['outputs'], 1) === 2 ? 2 : 1,
        resetPayload: text(n['reset']),
        byTopic: text(n['bytopic']) === 'topic',
        // Node-RED's message id is `_msgid`; Millwright's is `id`.
        topicProperty: topic === '_msgid' ? 'id' : topic,
      },
      warnings,
    };
  },
};
