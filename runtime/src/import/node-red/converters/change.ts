import type { NodeConverter } from '../types.js';
import { text, typedValue } from '../values.js';
import { changeAsFunction, type ChangeRuleIn } from './change-as-function.js';

/**
 * Node-RED `change`. Rules on `msg` properties map one to one onto the change node; a node with any
 * rule on flow or global context (set flow.x, move to global.y) becomes a function node doing the
 * same, since the change node acts on the message only.
 */
export const change: NodeConverter = {
  kind: 'node',
  convert(n) {
    if (!Array.isArray(n['rules']))
      return { unsupported: 'change node in the pre-0.16 format (no rules list); re-save it in Node-RED first' };
    const rules = n['rules'] as ChangeRuleIn[];
    if (rules.some((r) => (r.pt ?? 'msg') !== 'msg' || (r.t === 'move' && (r.tot ?? 'msg') !== 'msg')))
      return changeAsFunction(rules);
    const out: Array<Record<string, unknown>> = [];
    const warnings: string[] = [];
    for (const [i, r] of rules.entries()) {
      const converted = convertRule(r, i, warnings);
      if (typeof converted === 'string') return { unsupported: converted };
      out.push(converted);
    }
    return { type: 'change', config: { rules: out }, warnings };
  },
};

/** The Millwright rule, or why there is none. */
function convertRule(r: ChangeRuleIn, i: number, warnings: string[]): Record<string, unknown> | string {
  const property = text(r.p);
  switch (r.t) {
    case 'set': {
      const v = typedValue(r.tot, r.to);
      if ('unsupported' in v) return `rule ${i + 1}: ${v.unsupported}`;
      if (v.warning) warnings.push(`rule ${i + 1}: ${v.warning}`);
      return { action: 'set', property, valueType: v.valueType, value: v.value };
    }
    case 'change': {
      const fromt = text(r.fromt || 'str');
      if (fromt !== 'str' && fromt !== 're' && fromt !== 'num' && fromt !== 'bool')
        return `rule ${i + 1}: searching for a value of type "${fromt}" is not supported`;
      const tot = text(r.tot || 'str');
      if (tot !== 'str' && tot !== 'num' && tot !== 'bool')
        return `rule ${i + 1}: replacing with a value of type "${tot}" is not supported`;
      if (fromt === 'num' || fromt === 'bool' || tot !== 'str')
        warnings.push(`rule ${i + 1}: the change is applied to text only (numbers and booleans are left alone)`);
      return {
        action: 'change',
        property,
        search: text(r.from),
        searchType: fromt === 're' ? 'regex' : 'string',
        replace: text(r.to),
      };
    }
    case 'delete':
      return { action: 'delete', property };
    case 'move':
      return { action: 'move', property, to: text(r.to) };
    default:
      return `rule ${i + 1}: action "${text(r.t)}" is unknown`;
  }
}
