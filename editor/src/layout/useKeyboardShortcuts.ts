import { useEffect } from 'react';
import type { Services } from '../app/services.js';
import { runDeploy } from '../deploy/run-deploy.js';
import {
  copySelection,
  deleteSelection,
  duplicateSelection,
  groupSelection,
  paste,
  selectAll,
  ungroupSelection,
} from '../store/actions.js';
import { redoEdit, select, undoEdit } from '../store/editor-state.js';
import { openDialog } from '../store/ui-state.js';

/** The shortcut list shown in the help dialog (`?`). */
export const SHORTCUTS: ReadonlyArray<[string, string]> = [
  ['Ctrl+Z / Ctrl+Shift+Z', 'Undo / redo'],
  ['Ctrl+C / Ctrl+X / Ctrl+V', 'Copy / cut / paste nodes'],
  ['Ctrl+D', 'Duplicate selection'],
  ['Delete / Backspace', 'Delete selection'],
  ['Ctrl+A', 'Select all nodes'],
  ['Ctrl+G / Ctrl+Shift+G', 'Group / ungroup selection'],
  ['Ctrl+I / Ctrl+E', 'Import / export'],
  ['Ctrl+Enter', 'Deploy'],
  ['Ctrl+F', 'Search all flows (name, type, id, config)'],
  ['/ or Ctrl+click on the canvas', 'Add a node by typing its name'],
  ['F', 'Zoom to fit'],
  ['Shift+drag', 'Add to selection (box)'],
  ['Esc', 'Clear selection / close dialog'],
  ['?', 'This help'],
];

function inEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) ||
    !!target.closest('.cm-editor')
  );
}

/**
 * Global editor shortcuts. Ignored while typing in a form field or code editor, so Ctrl+Z there
 * undoes text, not the flow. Paste prefers what the system clipboard holds (nodes copied in
 * another tab or window), falling back to the editor's own clipboard.
 */
export function useKeyboardShortcuts(s: Services): void {
  useEffect(() => {
    let pasteHandled = false;
    // What we last put on the system clipboard: pasting it back uses our own (shifting) clipboard.
    let lastWritten = '';
    const onKey = (e: KeyboardEvent) => {
      if (s.ui.get().dialog) {
        if (e.key === 'Escape') openDialog(s.ui, undefined);
        return;
      }
      if (inEditable(e.target)) return;
      // In diff mode the canvas is read-only: edit shortcuts would act on a flow out of sight.
      if (s.ui.get().diffView) {
        if (e.key === 'Escape') s.ui.set((u) => ({ ...u, diffView: undefined }));
        return;
      }
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      const run = (fn: () => void) => {
        e.preventDefault();
        fn();
      };
      if (mod && key === 'z') run(() => s.editor.set(e.shiftKey ? redoEdit : undoEdit));
      else if (mod && key === 'y') run(() => s.editor.set(redoEdit));
      else if (mod && (key === 'c' || key === 'x')) {
        const copied = copySelection(s.editor.get());
        if (!copied) return;
        run(() => {
          s.editor.set(() => (key === 'x' ? deleteSelection(copied.state) : copied.state));
          lastWritten = JSON.stringify(copied.data);
          void navigator.clipboard?.writeText(lastWritten).catch(() => undefined);
        });
      } else if (mod && key === 'v') {
        // Let the browser raise a `paste` event (system clipboard); fall back if it does not come.
        pasteHandled = false;
        setTimeout(() => {
          if (!pasteHandled) s.editor.set((st) => paste(st));
        }, 80);
      } else if (mod && key === 'd') run(() => s.editor.set(duplicateSelection));
      else if (mod && key === 'a') run(() => s.editor.set(selectAll));
      else if (mod && key === 'g')
        run(() => s.editor.set((st) => (e.shiftKey ? ungroupSelection(st) : groupSelection(st))));
      else if (mod && key === 'i') run(() => openDialog(s.ui, { kind: 'import' }));
      else if (mod && key === 'e') run(() => openDialog(s.ui, { kind: 'export' }));
      else if (mod && key === 'enter') run(() => void runDeploy(s, s.ui.get().deployMode));
      else if (mod && key === 'f') run(() => openDialog(s.ui, { kind: 'search' }));
      else if (!mod && e.key === '/') {
        const at = s.canvas.current?.viewportCenter();
        if (at) run(() => openDialog(s.ui, { kind: 'quick-add', at }));
      } else if (!mod && (key === 'delete' || key === 'backspace')) run(() => s.editor.set(deleteSelection));
      else if (!mod && key === 'f' && !e.altKey) run(() => s.canvas.current?.fitView());
      else if (!mod && key === 'escape') s.editor.set((st) => select(st, []));
      else if (!mod && e.key === '?') run(() => openDialog(s.ui, { kind: 'shortcuts' }));
    };
    const onPaste = (e: ClipboardEvent) => {
      if (s.ui.get().dialog || s.ui.get().diffView || inEditable(e.target)) return;
      pasteHandled = true;
      const text = e.clipboardData?.getData('text/plain') ?? '';
      e.preventDefault();
      if (text === lastWritten || !/^\s*[[{]/.test(text)) {
        s.editor.set((st) => paste(st));
        return;
      }
      void import('../io/parse-import.js').then(({ parseClipboardText }) => {
        const data = parseClipboardText(text);
        s.editor.set((st) => paste(st, data ?? st.clipboard));
      });
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('paste', onPaste);
    };
  }, [s]);
}
