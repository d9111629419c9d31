import type { NodeConverter } from '../types.js';
import { text, typedValue } from '../values.js';
import { changeAsFunction, type ChangeRuleIn } from './change-as-function.js';

/**
 * Node-RED `change`. Rules map one to one onto the change node, whose set and delete rules also
 * write flow or global context; a node that changes or moves context values becomes a function
 * node doing the same. JSONata values are evaluated by the change node.
 */
export const change: NodeConverter = {
  kind: 'node',
  convert(n) {
    if (!Array.isArray(n['rules']))
      return { unsupported: 'change node in the pre-0.16 format (no rules list); re-save it in Node-RED first' };
    const rules = n['rules'] as ChangeRuleIn[];
    const onContext = (r: ChangeRuleIn) =>
      (r.pt ?? 'msg') !== 'msg' ? r.t !== 'set' && r.t !== 'delete' : r.t === 'move' && (r.tot ?? 'msg') !== 'msg';
    if (rules.some(onContext)) return changeAsFunction(rules);
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
  const pt = r.pt ?? 'msg';
  if (pt !== 'msg' && pt !== 'flow' && pt !== 'global') return `rule ${i + 1}: target "${pt}" is not supported`;
  const scope = pt === 'msg' ? {} : { scope: pt };
  switch (r.t) {
    case 'set': {
      const v = typedValue(r.tot, r.to, { jsonata: true });
      if ('unsupported' in v) return `rule ${i + 1}: ${v.unsupported}`;
      if (v.warning) warnings.push(`rule ${i + 1}: ${v.warning}`);
      return {
        action: 'set',
        ...scope,
        property: contextKey(property, warnings, i),
        valueType: v.valueType,
        value: v.value,
      };
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
      return { action: 'delete', ...scope, property: contextKey(property, warnings, i) };
    case 'move':
      return { action: 'move', property, to: text(r.to) };
    default:
      return `rule ${i + 1}: action "${text(r.t)}" is unknown`;
  }
}

/** A context key loses its store prefix (`#:(file)::count`), which is reported. */
function contextKey(property: string, warnings: string[], i: number): string {
  const store = /^#:\(([^)]*)\)::(.*)$/.exec(property);
  if (!store) return property;
  warnings.push(`rule ${i + 1}: context store "${store[1]}" is not supported; the default store is used`);
  return store[2] ?? '';
}
