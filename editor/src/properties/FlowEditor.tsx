import type { Flow } from '@millwright/model';
import { useEditor } from '../app/useEditor.js';
import { useRuntime } from '../app/useRuntime.js';
import { useServices } from '../app/useServices.js';
import { edit } from '../store/editor-state.js';
import { ConfigNodeList } from './ConfigNodeList.js';
import { SharedConfigList } from '../shared-configs/SharedConfigList.js';
import { FlowPlacement } from './FlowPlacement.js';
import { SubflowEditor } from '../subflows/SubflowEditor.js';

/** Shown when nothing is selected: the open flow's name, notes, state, config nodes and groups. */
export function FlowEditor({ flow }: { flow: Flow }) {
  const { editor } = useServices();
  const flowIssues = useEditor((s) => s.deployIssues.get(flow.id));
  const state = useRuntime((s) => s.flowStates.get(flow.id));
  const update = (patch: {
    name?: string;
    info?: string;
    disabled?: boolean;
    isolation?: 'shared' | 'dedicated';
    context?: Flow['context'] | null;
    placement?: Flow['placement'] | null;
  }) =>
    editor.set((s) =>
      edit(s, { type: 'update-flow', flowId: flow.id, patch }, { key: `flow:${flow.id}:${Object.keys(patch)[0]}` }),
    );
  return (
    <div className="node-editor" data-testid="flow-editor">
      <header className="editor-header">
        <div>
          <div className="editor-type">{flow.subflow ? 'Subflow' : 'Flow'}</div>
          <div className="editor-id">{flow.id}</div>
        </div>
        {state && <span className={`flow-state ${state.state}`}>{state.state}</span>}
      </header>
      {flowIssues?.map((i) => (
        <div key={`${i.path.join('.')}:${i.message}`} className="field-error" role="alert">
          {i.path.join('.')}: {i.message}
        </div>
      ))}
      <div className="field">
        <label className="field-label" htmlFor="flow-name">
          Name
        </label>
        <input
          id="flow-name"
          data-testid="flow-name"
          value={flow.name}
          onChange={(e) => update({ name: e.target.value })}
        />
      </div>
      <div className="field inline">
        <label className="field-label" htmlFor="flow-enabled">
          Enabled
        </label>
        <label className="switch">
          <input
            id="flow-enabled"
            type="checkbox"
            checked={!flow.disabled}
            onChange={(e) => update({ disabled: !e.target.checked })}
          />
          <span className="switch-track" />
        </label>
      </div>
      {/* A definition does not run by itself: where and how it runs is its instances' flows' business. */}
      {!flow.subflow && (
        <>
          <div className="field inline">
            <label
              className="field-label"
              htmlFor="flow-dedicated"
              title="Run this flow in a process of its own instead of a shared host process: for heavy or untrusted function code. A fatal error in it then ends only this flow."
            >
              Own process
            </label>
            <label className="switch">
              <input
                id="flow-dedicated"
                data-testid="flow-dedicated"
                type="checkbox"
                checked={flow.isolation === 'dedicated'}
                onChange={(e) => update({ isolation: e.target.checked ? 'dedicated' : 'shared' })}
              />
              <span className="switch-track" />
            </label>
          </div>
          <div className="field">
            <label
              className="field-label"
              htmlFor="flow-context"
              title="Where function nodes' context and flow values (context.set, flow.set) live. On disk, the flow finds them again after a restart or a crash: written atomically, at most 30 s after a change and when the flow stops. Global context stays in memory."
            >
              Context
            </label>
            <select
              id="flow-context"
              data-testid="flow-context"
              value={flow.context?.store ?? ''}
              onChange={(e) =>
                update({
                  context:
                    e.target.value === '' ? null : { ...flow.context, store: e.target.value as 'memory' | 'file' },
                })
              }
            >
              <option value="">Runtime default (settings: context.store)</option>
              <option value="memory">In memory: lost at a restart</option>
              <option value="file">On disk: kept across restarts</option>
            </select>
          </div>
        </>
      )}
      <div className="field">
        <label className="field-label" htmlFor="flow-info">
          Description
        </label>
        <textarea id="flow-info" rows={4} value={flow.info ?? ''} onChange={(e) => update({ info: e.target.value })} />
      </div>
      {flow.subflow ? (
        <SubflowEditor flow={flow} />
      ) : (
        <FlowPlacement key={flow.id} flow={flow} onChange={(placement) => update({ placement })} />
      )}
      <h4>Config nodes</h4>
      <ConfigNodeList flow={flow} />
      <h4>Shared</h4>
      <SharedConfigList />
      <p className="muted small">
        {flow.nodes.length} nodes · {flow.wires.length} wires · {flow.groups?.length ?? 0} groups
      </p>
    </div>
  );
}
