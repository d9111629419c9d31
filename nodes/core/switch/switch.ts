import { isDeepStrictEqual } from 'node:util';
import type { FlowMessage } from '@millwright/model';
import { getMsgPath, parseMsgPath, type NodeContext, type NodeHandlers } from '@millwright/sdk';
import { compileValue, type ValueReader, type ValueType } from '../change/typed-value.js';
import { compileJsonata, inArrivalOrder } from '../jsonata-expression.js';
import type { IS_TYPES, SwitchConfig, SwitchRule } from './config.js';
import { testCapped } from './safe-regex.js';

/**
 * `prior` is true when an earlier rule matched this message (for `else`). Tests with JSONata
 * answer with a promise.
 */
type Test = (value: unknown, msg: FlowMessage, prior: boolean) => boolean | Promise<boolean>;

/** Builds the switch node: each message goes to the output of every matching rule (or the first). */
export function createSwitch(ctx: NodeContext<SwitchConfig>): NodeHandlers {
  const { checkAll, regexMaxInput } = ctx.config;
  const readTested = testedValue(ctx);
  let warnedCap = false;
  const onCapped = () => {
    if (warnedCap) return;
    warnedCap = true;
    ctx.log.warn(`a value longer than regexMaxInput (${regexMaxInput}) was cut before the regex test`);
  };
  const tests = ctx.config.rules.map((r) => compileRule(r, ctx, regexMaxInput, onCapped));
  const ports = tests.length;
  const route = (msg: FlowMessage, matches: (i: number, matched: boolean) => boolean) => {
    let out: Array<FlowMessage | null> | null = null;
    let matched = false;
    for (let i = 0; i < ports; i++) {
      if (!matches(i, matched)) continue;
      matched = true;
      out ??= new Array<FlowMessage | null>(ports).fill(null);
      out[i] = msg; // the engine copies a message sent on several ports
      if (!checkAll) break;
    }
    if (out) ctx.send(out);
  };
  const cfg = ctx.config;
  const usesJsonata =
    cfg.propertyType === 'jsonata' ||
    cfg.rules.some(
      (r) =>
        r.op === 'jsonata' ||
        ('valueType' in r && r.valueType === 'jsonata') ||
        (r.op === 'between' && r.value2Type === 'jsonata'),
    );
  if (!usesJsonata)
    return {
      input(msg) {
        const value = readTested(msg);
        route(msg, (i, matched) => tests[i]?.(value, msg, matched) === true);
      },
    };
  // With JSONata the rules are evaluated first, in order, then the message is routed.
  return {
    input: inArrivalOrder(async (msg) => {
      const value = await readTested(msg);
      const results: boolean[] = [];
      let matched = false;
      for (const test of tests) {
        const r = await test(value, msg, matched);
        results.push(r);
        matched ||= r;
        if (matched && !checkAll) break;
      }
      route(msg, (i) => results[i] === true);
    }),
  };
}

/** Reads the value the rules test: a msg property, a context value, or a JSONata result. */
function testedValue(ctx: NodeContext<SwitchConfig>): ValueReader {
  const { propertyType, property, expression } = ctx.config;
  if (propertyType === 'jsonata') return compileJsonata(expression, ctx);
  if (propertyType === 'msg') {
    const segs = parseMsgPath(property);
    return (msg) => getMsgPath(msg, segs);
  }
  return compileValue(propertyType, property, ctx);
}

/** A rule operand: typed value, or a JSONata expression over the message. */
function operand(type: ValueType | 'jsonata', value: string, ctx: NodeContext<SwitchConfig>): ValueReader {
  return type === 'jsonata' ? compileJsonata(value, ctx) : compileValue(type, value, ctx);
}

/** Applies `test` to an operand that may arrive as a promise (JSONata). */
const withOperands =
  (reads: ValueReader[], test: (v: unknown, ops: unknown[]) => boolean): Test =>
  (v, msg) => {
    const ops = reads.map((r) => r(msg));
    return ops.some((o) => o instanceof Promise)
      ? Promise.all(ops).then((resolved) => test(v, resolved))
      : test(v, ops);
  };

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
    case 'jsonata': {
      const evaluate = compileJsonata(rule.value, ctx);
      return async (_v, msg) => (await evaluate(msg)) === true;
    }
    case 'between': {
      const lo = operand(rule.valueType, rule.value, ctx);
      const hi = operand(rule.value2Type, rule.value2, ctx);
      return withOperands(
        [lo, hi],
        (v, [a, b]) => (order(v, a) >= 0 && order(v, b) <= 0) || (order(v, b) >= 0 && order(v, a) <= 0),
      );
    }
    default: {
      const read = operand(rule.valueType, rule.value, ctx);
      const cmp = COMPARE[rule.op];
      return withOperands([read], (v, [b]) => cmp(v, b));
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
