import { useServices } from '../app/useServices.js';
import { activeFlow, edit, select, type EditorState } from '../store/editor-state.js';
import { subflowFromSelection } from './from-selection.js';

/** In the multi-selection panel: turns the selected nodes into a subflow and one instance of it. */
export function CreateSubflowButton() {
  const { editor } = useServices();
  return (
    <button type="button" data-testid="create-subflow" onClick={() => editor.set(createSubflowFromSelection)}>
      Create subflow
    </button>
  );
}

/** One undo step: the definition is added, the selection replaced by an instance, which is selected. */
export function createSubflowFromSelection(state: EditorState): EditorState {
  const flow = activeFlow(state);
  if (!flow) return state;
  const names = new Set(state.flows.map((f) => f.name));
  let i = 1;
  while (names.has(`Subflow ${i}`)) i++;
  const made = subflowFromSelection(flow, state.selection.nodes, `Subflow ${i}`);
  if (!made) return state;
  const flows = [...state.flows.map((f) => (f.id === flow.id ? made.flow : f)), made.definition];
  return select(edit(state, { type: 'replace-flows', flows }), [made.instanceId]);
}
