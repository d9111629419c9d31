import { useEditor } from '../app/useEditor.js';
import { flowsUsingChangedShared } from '../shared-configs/shared-configs.js';
import { diffDocument, type DocumentDiff } from '../store/diff.js';
import type { EditorState } from '../store/editor-state.js';

let last: { flows: EditorState['flows']; deployed: EditorState['flows']; diff: DocumentDiff } | undefined;

/** The diff for a state, computed once per document version however many components ask. */
export function documentDiff(state: EditorState): DocumentDiff {
  if (last && last.flows === state.flows && last.deployed === state.deployed.flows) return last.diff;
  const plain = diffDocument(state.flows, state.deployed.flows);
  // A changed shared config node changes every flow using it (decision 0039).
  const users = flowsUsingChangedShared(state.flows, state.deployed.flows, state.catalog);
  const diff = users.size ? { ...plain, modifiedFlows: new Set([...plain.modifiedFlows, ...users]) } : plain;
  last = { flows: state.flows, deployed: state.deployed.flows, diff };
  return diff;
}

/** What is not deployed yet (drives the deploy button, tab dots and node markers). */
export function useDocumentDiff(): DocumentDiff {
  return useEditor(documentDiff);
}
