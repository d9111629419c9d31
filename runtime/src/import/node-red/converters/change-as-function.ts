import type { ConvertOutcome } from '../types.js';
import { text, typedValue } from '../values.js';

/** A Node-RED change rule as stored in flows.json. */
export interface ChangeRuleIn {
  t?: string;
  p?: unknown;
  pt?: string;
  to?: unknown;
  tot?: string;
  from?: unknown;
  fromt?: string;
}

// Path helpers run inside the sandbox: Node-RED paths (`a.b[0]["c d"]`) on msg and on context values.
const PRELUDE = `// Converted from a Node-RED change node (rules on flow/global context).
const __path = (p) => String(p).replace(/\\[(\\d+)\\]/g, '.$1').replace(/\\[["']([^"']*)["']\\]/g, '.$1').split('.').filter(Boolean);
const __get = (o, p) => { for (const k of __path(p)) { if (o === null || o === undefined) return undefined; o = o[k]; } return o; };
const __set = (o, p, v) => { const ks = __path(p); let t = o; for (let i = 0; i < ks.length - 1; i++) { if (t[ks[i]] === null || typeof t[ks[i]] !== 'object') t[ks[i]] = /^\\d+$/.test(ks[i + 1]) ? [] : {}; t = t[ks[i]]; } t[ks[ks.length - 1]] = v; };
const __del = (o, p) => { const ks = __path(p); const last = ks.pop(); const t = ks.length ? __get(o, ks.join('.')) : o; if (t !== null && typeof t === 'object') delete t[last]; };
const __ctxGet = (store, p) => { const [k, ...rest] = __path(p); const v = store.get(k); return rest.length ? __get(v, rest.join('.')) : v; };
const __ctxSet = (store, p, v) => { const [k, ...rest] = __path(p); if (!rest.length) return store.set(k, v); const root = store.get(k) ?? {}; __set(root, rest.join('.'), v); store.set(k, root); };
const __ctxDel = (store, p) => { const [k, ...rest] = __path(p); if (!rest.length) return store.set(k, undefined); const root = store.get(k); if (root !== undefined) { __del(root, rest.join('.')); store.set(k, root); } };
`;

const lit = (v: string) => JSON.stringify(v);

function valueExpr(tot: unknown, to: unknown): string | { unsupported: string } {
  const v = typedValue(tot, to);
  if ('unsupported' in v) return v;
  switch (v.valueType) {
    case 'string':
      return lit(v.value);
    case 'number':
      return String(Number(v.value));
    case 'boolean':
      return v.value;
    case 'json':
      return `JSON.parse(${lit(v.value)})`;
    case 'msg':
      return `__get(msg, ${lit(v.value)})`;
    case 'flow':
    case 'global':
      return `__ctxGet(${v.valueType}, ${lit(v.value)})`;
    case 'env':
      return `env.get(${lit(v.value)})`;
    case 'timestamp':
      return 'Date.now()';
    default:
      return 'undefined';
  }
}

const setter = (pt: string, p: string, expr: string) =>
  pt === 'msg' ? `__set(msg, ${lit(p)}, ${expr});` : `__ctxSet(${pt}, ${lit(p)}, ${expr});`;
const getter = (pt: string, p: string) => (pt === 'msg' ? `__get(msg, ${lit(p)})` : `__ctxGet(${pt}, ${lit(p)})`);
const deleter = (pt: string, p: string) => (pt === 'msg' ? `__del(msg, ${lit(p)});` : `__ctxDel(${pt}, ${lit(p)});`);

/**
 * Writes a change node with context rules as function code that applies the same rules in order
 * (set, change by string or regex, delete, move) to msg, flow and global. Values from JSONata or
 * buffer literals cannot be expressed and make the node a placeholder.
 */
export function changeAsFunction(rules: readonly ChangeRuleIn[]): ConvertOutcome {
  const lines: string[] = [];
  for (const [i, r] of rules.entries()) {
    const pt = r.pt ?? 'msg';
    if (pt !== 'msg' && pt !== 'flow' && pt !== 'global')
      return { unsupported: `rule ${i + 1}: target "${pt}" is not supported` };
    const p = text(r.p);
    if (r.t === 'set') {
      const expr = valueExpr(r.tot, r.to);
      if (typeof expr !== 'string') return { unsupported: `rule ${i + 1}: ${expr.unsupported}` };
      lines.push(setter(pt, p, expr));
    } else if (r.t === 'delete') lines.push(deleter(pt, p));
    else if (r.t === 'move') {
      const tot = r.tot ?? 'msg';
      if (tot !== 'msg' && tot !== 'flow' && tot !== 'global')
        return { unsupported: `rule ${i + 1}: moving to "${tot}" is not supported` };
      lines.push(`{ const v = ${getter(pt, p)}; ${deleter(pt, p)} ${setter(tot, text(r.to), 'v')} }`);
    } else if (r.t === 'change') {
      const search =
        r.fromt === 're'
          ? `new RegExp(${lit(text(r.from))}, 'g')`
          : `new RegExp(${lit(escapeRegex(text(r.from)))}, 'g')`;
      if (r.tot && r.tot !== 'str') return { unsupported: `rule ${i + 1}: replacing with a "${r.tot}" value` };
      lines.push(
        `{ const v = ${getter(pt, p)}; if (typeof v === 'string') ${setter(pt, p, `v.replace(${search}, ${lit(text(r.to))})`)} }`,
      );
    } else return { unsupported: `rule ${i + 1}: action "${text(r.t)}" is unknown` };
  }
  return {
    type: 'function',
    config: { code: `${PRELUDE}${lines.join('\n')}\nreturn msg;`, outputs: 1 },
    warnings: ['change node with flow/global rules converted to a function node doing the same'],
  };
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
