import { useEditor } from '../app/useEditor.js';
import { useServices } from '../app/useServices.js';
import { deleteSelection, groupSelection, ungroupSelection } from '../store/actions.js';
import { activeFlow } from '../store/editor-state.js';
import { GroupEditor } from './GroupEditor.js';
import { ConfigNodeEditor } from './ConfigNodeEditor.js';
import { FlowEditor } from './FlowEditor.js';
import { NodeEditor } from './NodeEditor.js';
import { CreateSubflowButton } from '../subflows/CreateSubflowButton.js';

/** The right-hand "Properties" tab: whatever is selected, else the flow itself. */
export function PropertiesPanel() {
  const { editor } = useServices();
  const flow = useEditor(activeFlow);
  const selected = useEditor((s) => s.selection.nodes);
  const inspected = useEditor((s) => s.inspectedConfig);
  if (!flow) return null;
  if (inspected) {
    for (const f of editor.get().flows) {
      const config = f.configs?.find((c) => c.id === inspected);
      if (config) return <ConfigNodeEditor flow={f} config={config} />;
    }
  }
  if (selected.size === 1) {
    const [id] = selected;
    const node = flow.nodes.find((n) => n.id === id);
    if (node) return <NodeEditor key={node.id} flowId={flow.id} node={node} />;
  }
  if (selected.size > 1)
    return (
      <div className="node-editor" data-testid="multi-selection">
        <p>
          <strong>{selected.size}</strong> nodes selected.
        </p>
        <GroupEditor flow={flow} selected={selected} />
        <div className="button-row">
          <button type="button" onClick={() => editor.set((s) => groupSelection(s))}>
            Group
          </button>
          <button type="button" onClick={() => editor.set(ungroupSelection)}>
            Ungroup
          </button>
          <CreateSubflowButton />
          <button type="button" className="danger" onClick={() => editor.set(deleteSelection)}>
            Delete
          </button>
        </div>
      </div>
    );
  return <FlowEditor flow={flow} />;
}
