import { CONTEXT_VIEW_MAX_KEYS, type ContextEntryView, type ContextScopeView } from '@millwright/model';
import { toDebugValue } from './debug-value.js';

/** Serialized size of a context value; undefined when it is not JSON. */
function jsonBytes(value: unknown): number | undefined {
  try {
    // A Map or Set would serialize as "{}": no size rather than a wrong one.
    const text = JSON.stringify(value, (_k, v: unknown) => {
      if (v instanceof Map || v instanceof Set) throw new TypeError('not JSON');
      return v;
    });
    return text === undefined ? undefined : Buffer.byteLength(text);
  } catch {
    return undefined;
  }
}

/**
 * A context scope for the editor's context viewer: keys sorted, at most `CONTEXT_VIEW_MAX_KEYS`,
 * each value cut as debug values are. `bytesOf` gives a size known already (the global context's
 * quota accounting) instead of serializing the value again.
 */
export function viewContext(
  scope: ContextScopeView['scope'],
  values: Iterable<[string, unknown]>,
  bytesOf: (key: string, value: unknown) => number | undefined = (_k, v) => jsonBytes(v),
): ContextScopeView {
  const all = [...values].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const entries: ContextEntryView[] = all.slice(0, CONTEXT_VIEW_MAX_KEYS).map(([key, v]) => {
    const { value, truncated } = toDebugValue(v);
    return { key, value, truncated, bytes: bytesOf(key, v) };
  });
  return { scope, entries, total: all.length, truncated: all.length > entries.length };
}
