/** Limits for values shown in the debug sidebar, so a huge payload cannot flood the editor. */
export const DEBUG_LIMITS = { maxString: 10_000, maxArray: 1_000, maxKeys: 1_000, maxDepth: 10, maxBytes: 1_000 };

/**
 * Converts any message value to JSON-safe data for the debug sidebar: binary becomes
 * `{ type: 'Buffer', data }`, dates ISO strings, and anything over the limits is cut.
 */
export function toDebugValue(value: unknown): { value: unknown; truncated: boolean } {
  let truncated = false;
  const seen = new WeakSet<object>();
  const walk = (v: unknown, depth: number): unknown => {
    if (v === null || typeof v === 'number' || typeof v === 'boolean') return v;
    if (typeof v === 'string') {
      if (v.length <= DEBUG_LIMITS.maxString) return v;
      truncated = true;
      return `${v.slice(0, DEBUG_LIMITS.maxString)}…`;
    }
    if (typeof v === 'bigint') return `${v.toString()}n`;
    if (typeof v === 'undefined') return undefined;
    if (typeof v === 'function' || typeof v === 'symbol') return `[${typeof v}]`;
    if (depth >= DEBUG_LIMITS.maxDepth) {
      truncated = true;
      return '[…]';
    }
    if (seen.has(v)) return '[Circular]';
    seen.add(v);
    if (v instanceof Date) return v.toISOString();
    if (ArrayBuffer.isView(v)) {
      const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
      if (bytes.length > DEBUG_LIMITS.maxBytes) truncated = true;
      return { type: 'Buffer', length: bytes.length, data: [...bytes.subarray(0, DEBUG_LIMITS.maxBytes)] };
    }
    if (Array.isArray(v)) {
      if (v.length > DEBUG_LIMITS.maxArray) truncated = true;
      return v.slice(0, DEBUG_LIMITS.maxArray).map((x) => walk(x, depth + 1));
    }
    if (v instanceof Map) return walk(Object.fromEntries(v), depth);
    if (v instanceof Set) return walk([...v], depth);
    const out: Record<string, unknown> = {};
    let n = 0;
    for (const [k, x] of Object.entries(v)) {
      if (++n > DEBUG_LIMITS.maxKeys) {
        truncated = true;
        break;
      }
      out[k] = walk(x, depth + 1);
    }
    return out;
  };
  const result = walk(value, 0);
  return { value: result, truncated };
}
