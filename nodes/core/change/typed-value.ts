import type { FlowMessage } from '@millwright/model';
import { getMsgPath, msgPathProblem, parseMsgPath, type NodeContext } from '@millwright/sdk';

/**
 * Where a configured value comes from, as in Node-RED's typed inputs: a literal (`string`,
 * `number`, `boolean`, `json`), another message property (`msg`), flow or global context (`flow`,
 * `global`, the first path segment is the context key), an environment variable (`env`), the
 * current time in ms (`timestamp`) or nothing (`empty`).
 */
export const VALUE_TYPES = [
  'string',
  'number',
  'boolean',
  'json',
  'msg',
  'flow',
  'global',
  'env',
  'timestamp',
  'empty',
] as const;
export type ValueType = (typeof VALUE_TYPES)[number];

/** Why `value` is not usable as a `type` value, or undefined when it is. Checked at config parse. */
export function valueProblem(type: ValueType, value: string): string | undefined {
  switch (type) {
    case 'number':
      return value.trim() !== '' && Number.isFinite(Number(value)) ? undefined : `"${value}" is not a number`;
    case 'boolean':
      return value === 'true' || value === 'false' ? undefined : `expected "true" or "false", got "${value}"`;
    case 'json':
      try {
        JSON.parse(value);
        return undefined;
      } catch (err) {
        return `invalid JSON: ${err instanceof Error ? err.message : String(err)}`;
      }
    case 'msg':
      return msgPathProblem(value);
    case 'flow':
    case 'global':
      // A context key, optionally with a path inside the value: no `msg.` prefix here.
      return msgPathProblem(value, { msgPrefix: false });
    case 'env':
      return value.trim() ? undefined : 'environment variable name is empty';
    default:
      return undefined;
  }
}

/** Reads a typed value for one message. Objects are copied, so the message never aliases context. */
export type ValueReader = (msg: FlowMessage) => unknown;

/**
 * Compiles a validated typed value once at setup into a per-message reader. Literals are parsed
 * here, not per message.
 */
export function compileValue(type: ValueType, value: string, ctx: Pick<NodeContext, 'context' | 'env'>): ValueReader {
  switch (type) {
    case 'string':
      return () => value;
    case 'number': {
      const n = Number(value);
      return () => n;
    }
    case 'boolean': {
      const b = value === 'true';
      return () => b;
    }
    case 'json': {
      const parsed: unknown = JSON.parse(value);
      return typeof parsed === 'object' && parsed !== null ? () => structuredClone(parsed) : () => parsed;
    }
    case 'msg': {
      const segs = parseMsgPath(value);
      return (msg) => cloneValue(getMsgPath(msg, segs));
    }
    case 'flow':
    case 'global': {
      const [key, ...rest] = parseMsgPath(value, { msgPrefix: false });
      const store = ctx.context[type];
      return () => cloneValue(getMsgPath(store.get(String(key)), rest));
    }
    case 'env':
      return () => ctx.env(value);
    case 'timestamp':
      return () => Date.now();
    case 'empty':
      return () => undefined;
  }
}

/** Structured copy of objects; primitives pass through. Uncloneable values are passed by reference. */
function cloneValue(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v;
  try {
    return structuredClone(v);
  } catch {
    return v;
  }
}
