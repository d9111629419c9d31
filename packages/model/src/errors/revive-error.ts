import type { SerializedError } from '../message.js';
import { FlowError } from './flow.error.js';

/**
 * The error a `SerializedError` stands for, rebuilt on this side of a process or thread boundary
 * with its code, kind and retryability: an engine fault that crossed from a flow host stays
 * `unexpected` (never blamed on the user), a user error stays `user`.
 */
export function reviveError(e: SerializedError): FlowError {
  const err = new FlowError({ code: e.code, message: e.message, kind: e.kind, retryable: e.retryable });
  if (e.name) err.name = e.name;
  if (e.stack) err.stack = e.stack;
  return err;
}
