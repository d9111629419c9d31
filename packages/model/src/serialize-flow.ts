import type { Flow } from './flow.js';

/** Recursively sorts object keys so equal flows serialise to equal text. Arrays keep their order. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/**
 * Serialises a flow the way it is stored on disk: sorted keys, two-space indent, trailing newline.
 * Stable output keeps flow files diffable in git.
 */
export function serializeFlow(flow: Flow): string {
  return `${JSON.stringify(sortKeys(flow), null, 2)}\n`;
}

/** True when two values serialise identically (key order ignored). Used to find changed nodes on deploy. */
export function sameContent(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}
