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

/** Reads `msg.parts` if it looks like a sequence marker. */
export function readParts(value: unknown): Parts | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const p = value as Partial<Parts>;
  if (typeof p.id !== 'string' || typeof p.index !== 'number' || typeof p.count !== 'number') return undefined;
  return p as Parts;
}
