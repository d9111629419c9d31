import { createRequire } from 'node:module';
import { UserError, type FlowMessage } from '@millwright/model';
import type { NodeContext } from '@millwright/sdk';
import type jsonataFn from 'jsonata';

// Config schemas load wherever node definitions do (the runtime's main process too): jsonata is
// required on first use, so loading the definitions stays light.
const require = createRequire(import.meta.url);
const load = (): typeof jsonataFn => require('jsonata') as typeof jsonataFn;

/**
 * Longest one evaluation may run, in ms (as the function node's default `timeoutMs`). JSONata
 * runs in the flow's host, not in the function sandbox: its steps are checked against this
 * deadline, so a runaway expression ends with `jsonata_timeout` instead of blocking the flow.
 */
export const JSONATA_TIMEOUT_MS = 1_000;
/** Deepest nesting of evaluation steps (recursive user functions), before the stack runs out. */
export const JSONATA_MAX_DEPTH = 1_000;
/** Longest expression accepted in a config. */
export const JSONATA_MAX_LENGTH = 10_000;

/** Why `expr` is not a usable JSONata expression, or undefined. Checked at config parse. */
export function jsonataProblem(expr: string): string | undefined {
  if (!expr.trim()) return 'the JSONata expression is empty';
  if (expr.length > JSONATA_MAX_LENGTH) return `the JSONata expression is longer than ${JSONATA_MAX_LENGTH} characters`;
  try {
    load()(expr);
    return undefined;
  } catch (err) {
    return `invalid JSONata expression: ${errorText(err)}`;
  }
}

/** Evaluates against one message; `bindings` adds variables (`$I` for sort keys). */
export type JsonataReader = (msg: FlowMessage, input?: unknown, bindings?: Record<string, unknown>) => Promise<unknown>;

interface Budget {
  deadline: number;
  depth: number;
}
const BUDGET = '__millwright_budget';
const ENTRY = Symbol.for('jsonata.__evaluate_entry');
const EXIT = Symbol.for('jsonata.__evaluate_exit');

/**
 * Compiles a validated expression once. As in Node-RED, the message is the input (`payload`
 * means `msg.payload`; an expression naming `msg` gets `{ msg }` instead), and `$flowContext(key)`,
 * `$globalContext(key)` and `$env(name)` read context and environment. `$moment` is not offered.
 * Errors and timeouts throw a `UserError` (`jsonata_error`, `jsonata_timeout`).
 */
export function compileJsonata(expr: string, ctx: Pick<NodeContext, 'context' | 'env'>): JsonataReader {
  const compiled = load()(expr);
  compiled.assign('flowContext', (key: unknown) => ctx.context.flow.get(String(key)));
  compiled.assign('globalContext', (key: unknown) => ctx.context.global.get(String(key)));
  compiled.assign('env', (name: unknown) => ctx.env(String(name)) ?? '');
  const guard = (_e: unknown, _i: unknown, env: { lookup(name: string): unknown }, exit?: boolean) => {
    const budget = env.lookup(BUDGET) as Budget | undefined;
    if (!budget) return;
    budget.depth += exit ? -1 : 1;
    if (budget.depth > JSONATA_MAX_DEPTH)
      throw new UserError('jsonata_timeout', `JSONata expression nested deeper than ${JSONATA_MAX_DEPTH} steps`);
    if (Date.now() > budget.deadline)
      throw new UserError('jsonata_timeout', `JSONata expression ran longer than ${JSONATA_TIMEOUT_MS} ms`);
  };
  // `assign` is typed for names, but jsonata looks its step hooks up by these symbols.
  const assign = compiled.assign.bind(compiled) as (name: string | symbol, value: unknown) => void;
  assign(ENTRY, (e: unknown, i: unknown, env: { lookup(name: string): unknown }) => guard(e, i, env));
  assign(EXIT, (e: unknown, i: unknown, env: { lookup(name: string): unknown }) => guard(e, i, env, true));
  const legacy = /(^|[^a-zA-Z0-9_'".])msg([^a-zA-Z0-9_'"]|$)/.test(expr);
  return async (msg, input, bindings) => {
    const budget: Budget = { deadline: Date.now() + JSONATA_TIMEOUT_MS, depth: 0 };
    const data = input !== undefined ? input : legacy ? { msg } : msg;
    try {
      return plain(await compiled.evaluate(data, { ...bindings, [BUDGET]: budget }));
    } catch (err) {
      if (err instanceof UserError) throw err;
      throw new UserError('jsonata_error', `JSONata expression failed: ${errorText(err)}`);
    }
  };
}

/** JSONata marks result arrays as sequences (extra properties); plain arrays go on the message. */
function plain(value: unknown): unknown {
  if (Array.isArray(value) && 'sequence' in value) return [...(value as unknown[])].map(plain);
  return value;
}

function errorText(err: unknown): string {
  if (typeof err === 'object' && err !== null) {
    const e = err as { message?: unknown; code?: unknown; position?: unknown };
    const where = typeof e.position === 'number' ? ` at ${e.position}` : '';
    return `${String(e.message ?? e.code ?? 'error')}${typeof e.code === 'string' ? ` (${e.code}${where})` : ''}`;
  }
  return String(err);
}

/**
 * Runs an async input handler one message at a time, so a node evaluating JSONata sends its
 * messages in arrival order (the engine does not wait for a handler's promise).
 */
export function inArrivalOrder(handle: (msg: FlowMessage) => Promise<void>): (msg: FlowMessage) => Promise<void> {
  let tail: Promise<void> = Promise.resolve();
  return (msg) => {
    const run = tail.then(() => handle(msg));
    tail = run.catch(() => undefined);
    return run;
  };
}
