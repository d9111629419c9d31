import { useCallback, useRef, useSyncExternalStore } from 'react';
import type { Store } from './create-store.js';

/**
 * Reads a slice of a store. The component re-renders only when the selected value changes
 * (by `equal`, default `Object.is`), so thousands of canvas nodes can each select their own status.
 */
export function useStore<S, T>(
  store: Store<S>,
  selector: (state: S) => T,
  equal: (a: T, b: T) => boolean = Object.is,
): T {
  const cache = useRef<{ state: S; selector: (state: S) => T; value: T } | undefined>(undefined);
  const selectorRef = useRef(selector);
  const equalRef = useRef(equal);
  selectorRef.current = selector;
  equalRef.current = equal;
  const getSnapshot = useCallback((): T => {
    const state = store.get();
    const sel = selectorRef.current;
    const previous = cache.current;
    if (previous && previous.state === state && previous.selector === sel) return previous.value;
    const value = sel(state);
    // Keep the previous reference when equal, so React sees no change.
    const stable = previous && equalRef.current(previous.value, value) ? previous.value : value;
    cache.current = { state, selector: sel, value: stable };
    return stable;
  }, [store]);
  return useSyncExternalStore(store.subscribe, getSnapshot, getSnapshot);
}

/** Shallow equality for arrays and plain objects, for selectors that build a new container. */
export function shallowEqual<T>(a: T, b: T): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.is(Reflect.get(a, k), Reflect.get(b, k)));
}
