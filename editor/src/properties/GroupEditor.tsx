import type { Flow } from '@millwright/model';
import { useServices } from '../app/useServices.js';
import { edit } from '../store/editor-state.js';

const COLORS = ['#3b82f6', '#10b981', '#f59e0b', '#ef4444', '#8b5cf6', '#64748b'];

/** Name and colour of the group the selected nodes form (shown when they are exactly one group). */
export function GroupEditor({ flow, selected }: { flow: Flow; selected: ReadonlySet<string> }) {
  const { editor } = useServices();
  const groupIds = new Set(flow.nodes.filter((n) => selected.has(n.id)).map((n) => n.group));
  const [groupId] = groupIds;
  const group = groupIds.size === 1 && groupId ? flow.groups?.find((g) => g.id === groupId) : undefined;
  if (!group) return null;
  const update = (patch: { name?: string; color?: string }) =>
    editor.set((s) =>
      edit(s, { type: 'update-group', flowId: flow.id, groupId: group.id, patch }, { key: `group:${group.id}` }),
    );
  return (
    <div className="group-editor" data-testid="group-editor">
      <div className="field">
        <label className="field-label" htmlFor="group-name">
          Group name
        </label>
        <input
          id="group-name"
          data-testid="group-name"
          value={group.name ?? ''}
          onChange={(e) => update({ name: e.target.value })}
        />
      </div>
      <div className="field">
        <span className="field-label">Colour</span>
        <div className="swatches">
          {COLORS.map((c) => (
            <button
              key={c}
              type="button"
              className={`swatch ${group.color === c ? 'checked' : ''}`}
              style={{ background: c }}
              aria-label={`Colour ${c}`}
              onClick={() => update({ color: c })}
            />
          ))}
        </div>
      </div>
    </div>
  );
}
