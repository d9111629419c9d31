import type { NodeConverter } from '../types.js';
import { bool, msgProperty, text, typedValue } from '../values.js';

const COMPARE_OPS: Record<string, string> = {
  eq: '==',
  neq: '!=',
  lt: '<',
  lte: '<=',
  gt: '>',
  gte: '>=',
  cont: 'contains',
};
const UNARY_OPS = new Set(['true', 'false', 'null', 'nnull', 'empty', 'nempty', 'else']);
const OPERAND_TYPES = new Set(['string', 'number', 'boolean', 'json', 'msg', 'flow', 'global', 'env', 'jsonata']);

interface SwitchRuleIn {
  t?: string;
  v?: unknown;
  vt?: string;
  v2?: unknown;
  v2t?: string;
  case?: boolean;
}

/** Node-RED `switch`: property, rules (compare, between, contains, regex, type, empty, otherwise), check all. */
export const switchNode: NodeConverter = {
  kind: 'node',
  convert(n) {
    const propertyType = text(n['propertyType'] || 'msg');
    const warnings: string[] = [];
    const tested = testedProperty(propertyType, n['property'], warnings);
    if ('unsupported' in tested) return tested;
    const rules: Array<Record<string, unknown>> = [];
    for (const [i, r] of ((n['rules'] ?? []) as SwitchRuleIn[]).entries()) {
      const t = text(r.t);
      const operand = (vt: unknown, v: unknown) => {
        const tv = typedValue(vt, v, { jsonata: true });
        if ('unsupported' in tv) return tv;
        if (!OPERAND_TYPES.has(tv.valueType)) return { unsupported: `operand of type "${tv.valueType}"` };
        if (tv.warning) warnings.push(`rule ${i + 1}: ${tv.warning}`);
        return { valueType: tv.valueType, value: tv.value };
      };
      if (COMPARE_OPS[t]) {
        const o = operand(r.vt, r.v);
        if ('unsupported' in o) return { unsupported: `rule ${i + 1}: ${o.unsupported}` };
        rules.push({ op: COMPARE_OPS[t], ...o });
      } else if (t === 'btwn') {
        const a = operand(r.vt, r.v);
        const b = operand(r.v2t, r.v2);
        if ('unsupported' in a) return { unsupported: `rule ${i + 1}: ${a.unsupported}` };
        if ('unsupported' in b) return { unsupported: `rule ${i + 1}: ${b.unsupported}` };
        rules.push({ op: 'between', ...a, value2: b.value, value2Type: b.valueType });
      } else if (t === 'regex') rules.push({ op: 'regex', value: text(r.v), caseInsensitive: bool(r.case) });
      else if (t === 'istype') rules.push({ op: 'istype', value: text(r.v) });
      else if (t === 'jsonata_exp') rules.push({ op: 'jsonata', value: text(r.v).trim() });
      else if (UNARY_OPS.has(t)) rules.push({ op: t });
      else
        return {
          unsupported: `rule ${i + 1}: "${t}" (${t === 'hask' ? 'has key' : t === 'prev' ? 'previous value' : 'sequence position'} test) is not supported`,
        };
    }
    return {
      type: 'switch',
      config: {
        ...tested.tested,
        rules,
        checkAll: n['checkall'] !== false && n['checkall'] !== 'false',
        ...(bool(n['repair']) ? { repair: true } : {}),
      },
      warnings,
    };
  },
};

/** What a switch tests: a msg property, a flow/global context value, or a JSONata result. */
function testedProperty(
  propertyType: string,
  property: unknown,
  warnings: string[],
): { tested: Record<string, string> } | { unsupported: string } {
  if (propertyType === 'msg') return { tested: { property: msgProperty(property) } };
  if (propertyType === 'jsonata') return { tested: { propertyType, expression: text(property).trim() } };
  if (propertyType !== 'flow' && propertyType !== 'global')
    return { unsupported: `testing a ${propertyType} value (only msg, flow, global and JSONata)` };
  const tv = typedValue(propertyType, property);
  if ('unsupported' in tv) return tv;
  if (tv.warning) warnings.push(tv.warning);
  return { tested: { propertyType, property: tv.value } };
}

/** Node-RED `template`: mustache or plain text into a msg property, as text or parsed JSON or YAML. */
export const template: NodeConverter = {
  kind: 'node',
  convert(n) {
    const fieldType = text(n['fieldType'] || 'msg');
    if (fieldType !== 'msg') return { unsupported: `writing the result to ${fieldType} context` };
    const output = text(n['output'] || 'str');
    if (output !== 'str' && output !== 'json' && output !== 'yaml') return { unsupported: `output format "${output}"` };
    // An http-response serves HTML as text/html when it starts with a tag; Node-RED serves any string so.
    const html = text(n['format']) === 'html' && output === 'str' && !text(n['template']).trimStart().startsWith('<');
    return {
      type: 'template',
      config: {
        template: text(n['template']),
        syntax: n['syntax'] === 'plain' ? 'plain' : 'mustache',
        format: output === 'str' ? 'text' : output,
        property: msgProperty(n['field']),
      },
      ...(html
        ? {
            warnings: [
              'an HTML fragment that does not start with a tag is answered as text/plain by http-response: set a content-type header there (Node-RED: text/html)',
            ],
          }
        : {}),
    };
  },
};
