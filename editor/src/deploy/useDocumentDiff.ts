import { useEditor } from '../app/useEditor.js';
import { diffDocument, type DocumentDiff } from '../store/diff.js';
import type { EditorState } from '../store/editor-state.js';

let last: { flows: EditorState['flows']; deployed: EditorState['flows']; diff: DocumentDiff } | undefined;

/** The diff for a state, computed once per document version however many components ask. */
export function documentDiff(state: EditorState): DocumentDiff {
  if (last && last.flows === state.flows && last.deployed === state.deployed.flows) return last.diff;
  const diff = diffDocument(state.flows, state.deployed.flows);
  last = { flows: state.flows, deployed: state.deployed.flows, diff };
  return diff;
}

/** What is not deployed yet (drives the deploy button, tab dots and node markers). */
export function useDocumentDiff(): DocumentDiff {
  return useEditor(documentDiff);
}
