import type { Parts } from '../split/parts.js';

/** One received part of an auto-mode sequence. */
export interface Piece {
  index: number;
  value: unknown;
  key?: string;
}

/**
 * Rebuilds the value a split node cut, from the pieces received so far (sorted by index; missing
 * pieces of a timed-out group are simply absent).
 */
export function assemble(parts: Parts, pieces: Piece[]): unknown {
  const sorted = [...pieces].sort((a, b) => a.index - b.index);
  switch (parts.type) {
    case 'string':
      return sorted.map((p) => toText(p.value)).join(parts.ch ?? '');
    case 'buffer':
      return Buffer.concat(sorted.map((p) => toBytes(p.value)));
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const p of sorted) if (p.key !== undefined) out[p.key] = p.value;
      return out;
    }
    default:
      // Chunks of `len` > 1 are sub-arrays: flatten one level to get the original array back.
      return (parts.len ?? 1) > 1
        ? sorted.flatMap((p) => (Array.isArray(p.value) ? p.value : [p.value]))
        : sorted.map((p) => p.value);
  }
}

/** Text of a value for string joins: objects as JSON. */
export function toText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'object' && v !== null && !(v instanceof Uint8Array)) return JSON.stringify(v);
  return String(v);
}

/** Bytes of a value for buffer joins: binary as is, anything else as UTF-8 text. */
export function toBytes(v: unknown): Uint8Array {
  return v instanceof Uint8Array ? v : Buffer.from(toText(v));
}
