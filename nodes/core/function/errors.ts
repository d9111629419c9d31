import { UserError } from '@millwright/model';

/** A message (or timer callback, or hook) ran past `timeoutMs` and was stopped. */
export function timeoutError(limitMs: number): UserError {
  return new UserError('function_timeout', `function did not finish within timeoutMs (${limitMs} ms) and was stopped`);
}

/** An async message whose promise did not settle within `asyncTimeoutMs`. */
export function asyncTimeoutError(limitMs: number): UserError {
  return new UserError('function_timeout', `async function did not finish within asyncTimeoutMs (${limitMs} ms)`);
}

/** The isolate hit its heap limit; `bystander` for messages that were merely in flight. */
export function memoryError(limitMb: number, bystander = false): UserError {
  const what = bystander ? 'message was in flight when another one exceeded' : 'function exceeded';
  return new UserError(
    'function_memory_limit',
    `${what} the sandbox memory limit (memoryLimitMb ${limitMb} MB); the sandbox was rebuilt`,
  );
}

/** A message that cannot cross into the isolate (it holds a function, for example). */
export function copyError(err: unknown): UserError {
  const why = err instanceof Error ? err.message : String(err);
  return new UserError('function_uncloneable_message', `message could not be copied into the sandbox: ${why}`);
}
