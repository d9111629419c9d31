/**
 * Limits for values shown in the debug sidebar, so a huge payload cannot flood the editor.
 * `maxTotal` bounds the whole value (characters of strings and keys, shown bytes, one per entry),
 * since the per-part limits alone still allow a thousand strings of 10,000 characters each.
 */
export const DEBUG_LIMITS = {
  maxString: 10_000,
  maxArray: 1_000,
  maxKeys: 1_000,
  maxDepth: 10,
  maxBytes: 1_000,
  maxTotal: 100_000,
};

/**
 * Converts any message value to JSON-safe data for the debug sidebar: binary becomes
 * `{ type: 'Buffer', data }`, dates ISO strings, and anything over the limits is cut.
 */
export function toDebugValue(value: unknown): { value: unknown; truncated: boolean } {
  let truncated = false;
  let budget = DEBUG_LIMITS.maxTotal;
  const seen = new WeakSet<object>();
  const walk = (v: unknown, depth: number): unknown => {
    budget--;
    if (v === null || typeof v === 'number' || typeof v === 'boolean') return v;
    if (typeof v === 'string') {
      const max = Math.min(DEBUG_LIMITS.maxString, Math.max(0, budget));
      budget -= Math.min(v.length, max);
      if (v.length <= max) return v;
      truncated = true;
      return `${v.slice(0, max)}…`;
    }
    if (typeof v === 'bigint') return `${v.toString()}n`;
    if (typeof v === 'undefined') return undefined;
    if (typeof v === 'function' || typeof v === 'symbol') return `[${typeof v}]`;
    if (depth >= DEBUG_LIMITS.maxDepth || budget <= 0) {
      truncated = true;
      return '[…]';
    }
    if (seen.has(v)) return '[Circular]';
    seen.add(v);
    if (v instanceof Date) return v.toISOString();
    if (ArrayBuffer.isView(v)) {
      const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
      const max = Math.min(DEBUG_LIMITS.maxBytes, Math.max(0, budget));
      if (bytes.length > max) truncated = true;
      budget -= Math.min(bytes.length, max);
      return { type: 'Buffer', length: bytes.length, data: [...bytes.subarray(0, max)] };
    }
    if (Array.isArray(v)) {
      const out: unknown[] = [];
      for (const x of v.slice(0, DEBUG_LIMITS.maxArray)) {
        if (budget <= 0) break;
        out.push(walk(x, depth + 1));
      }
      if (out.length < v.length) truncated = true;
      return out;
    }
    if (v instanceof Map) return walk(Object.fromEntries(v), depth);
    if (v instanceof Set) return walk([...v], depth);
    const out: Record<string, unknown> = {};
    let n = 0;
    for (const [k, x] of Object.entries(v)) {
      if (++n > DEBUG_LIMITS.maxKeys || budget <= 0) {
        truncated = true;
        break;
      }
      budget -= k.length;
      out[k] = walk(x, depth + 1);
    }
    return out;
  };
  const result = walk(value, 0);
  return { value: result, truncated };
}
