import type { RuntimeState } from '../store/runtime-store.js';
import { useStore } from '../store/useStore.js';
import { useServices } from './useServices.js';

/** Selects from the live runtime store (debug messages, statuses, errors). */
export function useRuntime<T>(selector: (s: RuntimeState) => T, equal?: (a: T, b: T) => boolean): T {
  return useStore(useServices().runtime, selector, equal);
}
