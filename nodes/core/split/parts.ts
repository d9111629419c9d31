import { newMessageId } from '@millwright/sdk';

/**
 * `msg.parts`, as in Node-RED: which sequence a message belongs to and where. Split sets it and
 * join (auto mode) uses it to rebuild the original value. A split of a part nests the outer
 * `parts` under `parts.parts`, and join restores it.
 */
export interface Parts {
  /** Shared by all messages of one sequence. */
  id: string;
  index: number;
  count: number;
  type: 'string' | 'array' | 'object' | 'buffer';
  /** Message property that was split, and that join fills. */
  property?: string;
  /** String delimiter (strings). */
  ch?: string;
  /** Elements or bytes per part (arrays, buffers). */
  len?: number;
  /** Object key of this part (objects). */
  key?: string;
  parts?: Parts;
}

/** A new sequence id. */
export function newPartsId(): string {
  return newMessageId();
}

const TYPES: ReadonlySet<unknown> = new Set(['string', 'array', 'object', 'buffer']);

/** Whether `value` (usually `msg.parts`) is a sequence marker. */
export function isParts(value: unknown): value is Parts {
  if (typeof value !== 'object' || value === null) return false;
  const p: Record<string, unknown> = { ...value };
  return (
    typeof p['id'] === 'string' && Number.isInteger(p['index']) && Number.isInteger(p['count']) && TYPES.has(p['type'])
  );
}
