import './subflows.css';
import { useServices } from '../app/useServices.js';
import { edit, EMPTY_SELECTION, type EditorState } from '../store/editor-state.js';
import { newSubflow } from './subflow-types.js';

/** Palette footer: creates an empty subflow definition and opens it in its own tab. */
export function NewSubflowButton({ hasSection }: { hasSection: boolean }) {
  const { editor } = useServices();
  return (
    <div className="palette-subflow-actions">
      {!hasSection && <p className="muted small">No subflows yet.</p>}
      <button type="button" data-testid="new-subflow" onClick={() => editor.set(createSubflow)}>
        + New subflow
      </button>
    </div>
  );
}

/** Adds a definition named "Subflow N" and switches to it. */
export function createSubflow(state: EditorState): EditorState {
  const names = new Set(state.flows.map((f) => f.name));
  let i = 1;
  while (names.has(`Subflow ${i}`)) i++;
  const flow = newSubflow(`Subflow ${i}`);
  const next = edit(state, { type: 'add-flow', flow });
  return { ...next, activeFlowId: flow.id, selection: EMPTY_SELECTION };
}
