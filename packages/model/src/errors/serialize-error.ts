import type { SerializedError } from '../message.js';

/**
 * Turns anything thrown into a SerializedError. Works on errors from other realms (workers,
 * isolates), so it reads fields by name instead of using `instanceof`.
 */
export function serializeError(err: unknown, fallbackCode = 'node_error'): SerializedError {
  if (typeof err === 'object' && err !== null) {
    const e = err as Record<string, unknown>;
    const kind = e['kind'] === 'user' || e['kind'] === 'operational' || e['kind'] === 'unexpected' ? e['kind'] : 'user';
    const out: SerializedError = {
      name: typeof e['name'] === 'string' ? e['name'] : 'Error',
      code: typeof e['code'] === 'string' ? e['code'] : fallbackCode,
      message: typeof e['message'] === 'string' ? e['message'] : String(err),
      kind,
      retryable: typeof e['retryable'] === 'boolean' ? e['retryable'] : kind === 'operational',
    };
    if (typeof e['stack'] === 'string') out.stack = e['stack'];
    return out;
  }
  return { name: 'Error', code: fallbackCode, message: String(err), kind: 'user', retryable: false };
}
