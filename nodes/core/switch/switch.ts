import { isDeepStrictEqual } from 'node:util';
import type { FlowMessage } from '@millwright/model';
import { getMsgPath, parseMsgPath, type NodeContext, type NodeHandlers } from '@millwright/sdk';
import { compileValue } from '../change/typed-value.js';
import type { IS_TYPES, SwitchConfig, SwitchRule } from './config.js';
import { testCapped } from './safe-regex.js';

/** `prior` is true when an earlier rule matched this message (for `else`). */
type Test = (value: unknown, msg: FlowMessage, prior: boolean) => boolean;

/** Builds the switch node: each message goes to the output of every matching rule (or the first). */
export function createSwitch(ctx: NodeContext<SwitchConfig>): NodeHandlers {
  const { checkAll, regexMaxInput } = ctx.config;
  const segs = parseMsgPath(ctx.config.property);
  let warnedCap = false;
  const onCapped = () => {
    if (warnedCap) return;
    warnedCap = true;
    ctx.log.warn(`a value longer than regexMaxInput (${regexMaxInput}) was cut before the regex test`);
  };
  const tests = ctx.config.rules.map((r) => compileRule(r, ctx, regexMaxInput, onCapped));
  const ports = tests.length;
  return {
    input(msg) {
      const value = getMsgPath(msg, segs);
      let out: Array<FlowMessage | null> | null = null;
      let matched = false;
      for (const [i, test] of tests.entries()) {
        if (!test(value, msg, matched)) continue;
        matched = true;
        out ??= new Array<FlowMessage | null>(ports).fill(null);
        out[i] = msg; // the engine copies a message sent on several ports
        if (!checkAll) break;
      }
      if (out) ctx.send(out);
    },
  };
}

function compileRule(rule: SwitchRule, ctx: NodeContext<SwitchConfig>, maxInput: number, onCapped: () => void): Test {
  switch (rule.op) {
    case 'true':
      return (v) => v === true;
    case 'false':
      return (v) => v === false;
    case 'null':
      return (v) => v === null || v === undefined;
    case 'nnull':
      return (v) => v !== null && v !== undefined;
    case 'empty':
      return (v) => sizeOf(v) === 0;
    case 'nempty':
      return (v) => (sizeOf(v) ?? 0) > 0;
    case 'else':
      return (_v, _m, prior) => !prior;
    case 'istype':
      return (v) => isType(v, rule.value);
    case 'regex': {
      const re = new RegExp(rule.value, rule.caseInsensitive ? 'i' : '');
      return (v) => {
        if (v === undefined || v === null) return false;
        const r = testCapped(re, typeof v === 'string' ? v : String(v), maxInput);
        if (r.capped) onCapped();
        return r.matched;
      };
    }
    case 'between': {
      const lo = compileValue(rule.valueType, rule.value, ctx);
      const hi = compileValue(rule.value2Type, rule.value2, ctx);
      return (v, msg) => {
        const a = lo(msg);
        const b = hi(msg);
        return (order(v, a) >= 0 && order(v, b) <= 0) || (order(v, b) >= 0 && order(v, a) <= 0);
      };
    }
    default: {
      const read = compileValue(rule.valueType, rule.value, ctx);
      const cmp = COMPARE[rule.op];
      return (v, msg) => cmp(v, read(msg));
    }
  }
}

const COMPARE: Record<'==' | '!=' | '<' | '<=' | '>' | '>=' | 'contains', (a: unknown, b: unknown) => boolean> = {
  '==': (a, b) => looseEqual(a, b),
  '!=': (a, b) => !looseEqual(a, b),
  '<': (a, b) => order(a, b) < 0,
  '<=': (a, b) => order(a, b) <= 0,
  '>': (a, b) => order(a, b) > 0,
  '>=': (a, b) => order(a, b) >= 0,
  contains: (a, b) =>
    typeof a === 'string' ? a.includes(String(b)) : Array.isArray(a) ? a.some((x) => looseEqual(x, b)) : false,
};

/** Loose equality for primitives, as Node-RED does ("5" == 5); objects compare deeply. */
function looseEqual(a: unknown, b: unknown): boolean {
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) return isDeepStrictEqual(a, b);
  return a == b;
}

const toNumber = (v: unknown): number | undefined =>
  typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : undefined;

/**
 * Sign of a - b: numbers (numeric strings count as numbers), else strings by code point. Other
 * pairs, such as `true` against 1 or null against 0, are unordered (NaN), so no ordering rule
 * matches them; plain JavaScript coercion would say `true >= 1`.
 */
function order(a: unknown, b: unknown): number {
  const x = toNumber(a);
  const y = toNumber(b);
  if (x !== undefined && y !== undefined && !Number.isNaN(x) && !Number.isNaN(y)) return x - y;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return NaN;
}

/** Length of strings, arrays and buffers, key count of plain objects, undefined otherwise. */
function sizeOf(v: unknown): number | undefined {
  if (typeof v === 'string' || Array.isArray(v)) return v.length;
  if (ArrayBuffer.isView(v)) return v.byteLength;
  if (typeof v === 'object' && v !== null) return Object.keys(v).length;
  return undefined;
}

function isType(v: unknown, type: (typeof IS_TYPES)[number]): boolean {
  switch (type) {
    case 'array':
      return Array.isArray(v);
    case 'buffer':
      return ArrayBuffer.isView(v);
    case 'object':
      return typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);
    case 'null':
      return v === null;
    case 'json':
      if (typeof v !== 'string') return false;
      try {
        JSON.parse(v);
        return true;
      } catch {
        return false;
      }
    default:
      return typeof v === type;
  }
}
