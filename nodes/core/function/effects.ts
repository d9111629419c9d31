import { UserError, type FlowMessage, type NodeStatus } from '@millwright/model';
import type { NodeOutput } from '@millwright/sdk';

/** An error thrown by user code, as the bootstrap describes it (strings only). */
export interface ErrorInfo {
  name: string;
  message: string;
  code?: string;
  stack?: string;
  line?: number;
  column?: number;
}

/**
 * What user code did, in order, as drained from the isolate (see sandbox-bootstrap.ts). `m` is the
 * host-assigned handle of the message (or hook run) the entry belongs to.
 */
export type Effect =
  | { k: 'send'; v: unknown; m?: number }
  | { k: 'ret'; m: number; v: unknown }
  | { k: 'fail'; m: number; e: ErrorInfo }
  | { k: 'status'; v: unknown }
  | { k: 'log'; l: 'info' | 'warn' | 'error' | 'debug'; v: string }
  | { k: 'error'; e: ErrorInfo; v?: unknown }
  | { k: 'timer'; id: number; ms: number; rep: boolean; m: number }
  | { k: 'clear'; id: number };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A value user code returned or sent, as a message; the engine gives it an id if it has none. */
export function isMessage(v: unknown): v is FlowMessage {
  return isObject(v);
}

/**
 * Node-RED return semantics: a message goes to port 0, an array has one entry per port (a message,
 * an array of messages, or null). Anything else (a number, a string) is reported, not sent.
 */
export function toOutput(v: unknown): { output: NodeOutput } | { problem: string } {
  if (v === null || v === undefined) return { output: null };
  if (isMessage(v)) return { output: v };
  if (!Array.isArray(v)) return { problem: `returned a ${typeof v} instead of a message, an array or null` };
  const ports: Array<FlowMessage | FlowMessage[] | null> = [];
  for (const entry of v) {
    if (entry === null || entry === undefined) ports.push(null);
    else if (isMessage(entry)) ports.push(entry);
    else if (Array.isArray(entry) && entry.every((m) => m === null || m === undefined || isMessage(m)))
      ports.push(entry.filter(isMessage));
    else return { problem: `output ${ports.length} is a ${typeof entry}, not a message, an array or null` };
  }
  return { output: ports };
}

const FILLS: ReadonlyArray<NonNullable<NodeStatus['fill']>> = ['red', 'green', 'yellow', 'blue', 'grey'];
const SHAPES: ReadonlyArray<NonNullable<NodeStatus['shape']>> = ['dot', 'ring'];

/** `node.status(...)` argument as a status; `{}` or no text/fill clears it, as in Node-RED. */
export function toStatus(v: unknown): NodeStatus | null {
  if (!isObject(v)) return typeof v === 'string' && v ? { text: v } : null;
  const status: NodeStatus = {};
  const fill = FILLS.find((f) => f === v['fill']);
  const shape = SHAPES.find((s) => s === v['shape']);
  if (fill) status.fill = fill;
  if (shape) status.shape = shape;
  if (v['text'] !== undefined && v['text'] !== null) status.text = String(v['text']);
  return status.fill || status.text ? status : null;
}

/** The error to route for code that threw: the user's message plus where it happened. */
export function userCodeError(info: ErrorInfo): UserError {
  const where = info.line !== undefined ? ` (line ${info.line}, col ${info.column ?? 0})` : '';
  const err = new UserError(info.code ?? 'function_error', `${info.message}${where}`);
  err.name = info.name || 'Error';
  if (info.stack) err.stack = info.stack;
  return err;
}
