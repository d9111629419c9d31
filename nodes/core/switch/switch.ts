import { isDeepStrictEqual } from 'node:util';
import { OperationalError, type FlowMessage } from '@millwright/model';
import { getMsgPath, newMessageId, parseMsgPath, type NodeContext, type NodeHandlers } from '@millwright/sdk';
import { compileValue, type ValueReader, type ValueType } from '../change/typed-value.js';
import { compileJsonata, inArrivalOrder } from '../jsonata-expression.js';
import { hold, positionOf, type HeldMessage } from '../sequence-parts.js';
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
  /** Which outputs a message goes to: every matching rule, or the first with checkAll false. */
  const decideSync = (msg: FlowMessage): boolean[] => {
    const value = readTested(msg);
    const flags: boolean[] = [];
    let matched = false;
    for (const test of tests) {
      const r: boolean = !(matched && !checkAll) && test(value, msg, matched) === true;
      flags.push(r);
      matched ||= r;
    }
    return flags;
  };
  // With JSONata the rules are evaluated in order, awaiting each, then the message is routed.
  const decideAsync = async (msg: FlowMessage): Promise<boolean[]> => {
    const value = await readTested(msg);
    const flags: boolean[] = [];
    let matched = false;
    for (const test of tests) {
      const r: boolean = !(matched && !checkAll) && (await test(value, msg, matched)) === true;
      flags.push(r);
      matched ||= r;
    }
    return flags;
  };
  const route = (msg: FlowMessage, flags: boolean[]) => {
    if (!flags.some(Boolean)) return;
    ctx.send(flags.map((f) => (f ? msg : null))); // the engine copies a message sent on several ports
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
  if (cfg.repair) return repairing(ctx, ports, usesJsonata ? decideAsync : decideSync, route);
  if (!usesJsonata) return { input: (msg) => route(msg, decideSync(msg)) };
  return { input: inArrivalOrder(async (msg) => route(msg, await decideAsync(msg))) };
}

/**
 * "Recreate message sequences" (Node-RED's repair): the messages of a sequence (`msg.parts`) are
 * held until all have arrived, then each output gets the ones that matched as a new sequence of
 * its own (new id, index 0.., count = how many matched), so a join after the switch completes.
 */
function repairing(
  ctx: NodeContext<SwitchConfig>,
  ports: number,
  decide: (msg: FlowMessage) => boolean[] | Promise<boolean[]>,
  route: (msg: FlowMessage, flags: boolean[]) => void,
): NodeHandlers {
  const groups = new Map<string, { count?: number; held: HeldMessage[] }>();
  let pending = 0;
  const finish = async (held: HeldMessage[]) => {
    const flags: boolean[][] = [];
    for (const h of held) flags.push(await decide(h.msg));
    const out: FlowMessage[][] = Array.from({ length: ports }, () => []);
    for (let port = 0; port < ports; port++) {
      const chosen = held.filter((_h, i) => flags[i]?.[port]);
      const id = newMessageId();
      chosen.forEach((h, index) => {
        // A message matching several rules gets a copy per output, each with its own parts.
        const msg = countTrue(flags[held.indexOf(h)]) > 1 ? structuredClone(h.msg) : h.msg;
        msg['parts'] = { ...(msg['parts'] as object), id, index, count: chosen.length };
        out[port]?.push(msg);
      });
    }
    if (out.some((l) => l.length)) ctx.send(out);
    for (const h of held) h.release();
  };
  return {
    input: inArrivalOrder(async (msg) => {
      const pos = positionOf(msg);
      if (!pos) return route(msg, await decide(msg));
      let group = groups.get(pos.id);
      if (!group) groups.set(pos.id, (group = { held: [] }));
      group.held.push(hold(msg));
      pending++;
      if (pos.count !== undefined) group.count = pos.count;
      if (group.held.length === group.count) {
        groups.delete(pos.id);
        pending -= group.held.length;
        await finish(group.held);
        return;
      }
      while (pending > ctx.config.maxPending && groups.size) {
        const [id, oldest] = groups.entries().next().value as [string, { held: HeldMessage[] }];
        groups.delete(id);
        pending -= oldest.held.length;
        for (const h of oldest.held) h.release(true);
        ctx.error(
          new OperationalError(
            'switch_too_many',
            `dropped incomplete sequence ${id} (${oldest.held.length} message(s)) to stay within maxPending (${ctx.config.maxPending})`,
          ),
          msg,
        );
      }
    }),
    pending: () => pending,
    close() {
      for (const g of groups.values()) for (const h of g.held) h.release(true);
      groups.clear();
      pending = 0;
    },
  };
}

const countTrue = (flags: boolean[] | undefined) => (flags ?? []).filter(Boolean).length;

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
