import type { ApiErrorBody, EventStreamFrame } from '@millwright/model';
import { isRecord } from '../schema/json-schema.js';

/**
 * Shape checks for what the runtime sends. They are shallow on purpose: the runtime is trusted,
 * the check only stops a proxy's HTML error page or a truncated body from being used as data.
 */
export function hasShape<T>(
  value: unknown,
  keys: Record<string, 'string' | 'array' | 'object' | 'boolean'>,
): value is T {
  if (!isRecord(value)) return false;
  return Object.entries(keys).every(([k, t]) => {
    const v = value[k];
    return t === 'array' ? Array.isArray(v) : t === 'object' ? isRecord(v) : typeof v === t;
  });
}

export function isErrorBody(value: unknown): value is ApiErrorBody {
  return hasShape<ApiErrorBody>(value, { code: 'string', message: 'string' });
}

export function isFrame(value: unknown): value is EventStreamFrame {
  return Array.isArray(value) && value.every((e) => isRecord(e) && typeof e['type'] === 'string');
}
