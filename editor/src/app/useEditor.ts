import type { EditorState } from '../store/editor-state.js';
import { useStore } from '../store/useStore.js';
import { useServices } from './useServices.js';

/** Selects from the flow document store. */
export function useEditor<T>(selector: (s: EditorState) => T, equal?: (a: T, b: T) => boolean): T {
  return useStore(useServices().editor, selector, equal);
}
