/** One key of a context scope as the context viewer shows it (`GET /api/context/...`). */
export interface ContextEntryView {
  key: string;
  /** The value, cut to the debug sidebar's limits (`toDebugValue`). */
  value: unknown;
  /** True when `value` was cut. */
  truncated: boolean;
  /** Serialized size of the whole value; undefined when it is not JSON (a Map, a BigInt). */
  bytes: number | undefined;
}

/** A node, flow or global context scope: at most `CONTEXT_VIEW_MAX_KEYS` keys, sorted. */
export interface ContextScopeView {
  scope: 'node' | 'flow' | 'global';
  entries: ContextEntryView[];
  /** Keys in the scope (more than `entries` when `truncated`). */
  total: number;
  /** True when keys were left out. */
  truncated: boolean;
}

/** Most keys one answer lists, so a scope with a million keys cannot flood the editor. */
export const CONTEXT_VIEW_MAX_KEYS = 1_000;
