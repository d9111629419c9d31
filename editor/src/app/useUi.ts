import type { UiState } from '../store/ui-state.js';
import { useStore } from '../store/useStore.js';
import { useServices } from './useServices.js';

/** Selects from the UI chrome store (dialogs, toasts, tabs). */
export function useUi<T>(selector: (s: UiState) => T, equal?: (a: T, b: T) => boolean): T {
  return useStore(useServices().ui, selector, equal);
}
