import { useEffect, useMemo, useRef, useState } from 'react';
import { useEditor } from '../app/useEditor.js';
import { useRuntime } from '../app/useRuntime.js';
import { useServices } from '../app/useServices.js';
import { useDocumentDiff } from '../deploy/useDocumentDiff.js';
import { addFlow, removeFlow } from '../store/actions.js';
import { edit, setActiveFlow } from '../store/editor-state.js';
import { tabFlows } from '../shared-configs/shared-configs.js';

/**
 * One tab per flow: switch, add, rename (double-click), remove. A dot marks undeployed changes; a
 * badge shows a deployed flow's state while it is not running (starting, restarting, crashed), so
 * a deploy's progress shows per flow.
 */
export function FlowTabs() {
  const { editor } = useServices();
  // Shared config documents are no tabs: their config nodes show in the flow panel (decision 0039).
  const all = useEditor((s) => s.flows);
  const flows = useMemo(() => tabFlows(all), [all]);
  const active = useEditor((s) => s.activeFlowId);
  const diff = useDocumentDiff();
  const states = useRuntime((s) => s.flowStates);
  const [renaming, setRenaming] = useState<string | undefined>();
  // With more tabs than fit, the strip scrolls: keep the open flow's tab in view.
  const strip = useRef<HTMLDivElement>(null);
  useEffect(() => {
    strip.current?.querySelector('.tab.active')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [active, flows.length]);
  return (
    <div className="tabs" role="tablist" ref={strip}>
      {flows.map((f) => (
        <div
          key={f.id}
          role="tab"
          aria-selected={f.id === active}
          className={`tab ${f.id === active ? 'active' : ''} ${f.disabled ? 'disabled' : ''} ${f.subflow ? 'subflow' : ''}`}
          data-testid={`tab-${f.id}`}
          data-flow-name={f.name}
          onClick={() => editor.set((s) => setActiveFlow(s, f.id))}
          onDoubleClick={() => setRenaming(f.id)}
        >
          {renaming === f.id ? (
            <input
              autoFocus
              defaultValue={f.name}
              data-testid="tab-rename"
              onBlur={(e) => {
                const name = e.target.value.trim();
                if (name && name !== f.name)
                  editor.set((s) => edit(s, { type: 'update-flow', flowId: f.id, patch: { name } }));
                setRenaming(undefined);
              }}
              onKeyDown={(e) => {
                if (e.key === 'Enter') e.currentTarget.blur();
                if (e.key === 'Escape') setRenaming(undefined);
              }}
            />
          ) : (
            <span className="tab-name">
              {f.subflow && (
                <span className="tab-kind" title="Subflow definition">
                  subflow
                </span>
              )}
              {f.name}
            </span>
          )}
          {diff.modifiedFlows.has(f.id) && <span className="tab-dot" title="Undeployed changes" />}
          {(() => {
            const st = states.get(f.id);
            if (!st || st.state === 'running' || st.state === 'stopped') return null;
            return (
              <span
                className={`tab-state ${st.state}`}
                data-testid={`tab-state-${f.id}`}
                title={st.detail ? `${st.state}: ${st.detail}` : st.state}
              >
                {st.state}
              </span>
            );
          })()}
          {flows.length > 1 && (
            <button
              type="button"
              className="tab-close"
              aria-label={`Remove flow ${f.name}`}
              onClick={(e) => {
                e.stopPropagation();
                if (!f.nodes.length || window.confirm(`Remove flow “${f.name}” and its ${f.nodes.length} nodes?`))
                  editor.set((s) => removeFlow(s, f.id));
              }}
            >
              ×
            </button>
          )}
        </div>
      ))}
      <button
        type="button"
        className="tab-add"
        data-testid="add-flow"
        title="New flow"
        onClick={() => editor.set(addFlow)}
      >
        +
      </button>
    </div>
  );
}
