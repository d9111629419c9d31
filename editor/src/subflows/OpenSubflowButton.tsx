import { subflowIdOf } from '@millwright/model/subflows';
import { useServices } from '../app/useServices.js';
import { setActiveFlow } from '../store/editor-state.js';

/** On an instance's properties: opens its definition's tab. */
export function OpenSubflowButton({ type }: { type: string }) {
  const { editor } = useServices();
  const id = subflowIdOf(type);
  if (id === undefined) return null;
  return (
    <div className="button-row">
      <button type="button" data-testid="open-subflow" onClick={() => editor.set((s) => setActiveFlow(s, id))}>
        Open subflow
      </button>
    </div>
  );
}
