import type { ConfigNode, Flow } from '@millwright/model';
import { useMemo } from 'react';
import { useEditor } from '../app/useEditor.js';
import { useServices } from '../app/useServices.js';
import { configIssues } from '../store/catalog.js';
import { configUsers } from './config-users.js';
import { edit, type NodeIssue } from '../store/editor-state.js';
import { EditorHeader, mergeIssues } from './NodeEditor.js';
import { SchemaForm } from './SchemaForm.js';
import { useFormContext } from './useFormContext.js';

const NO_ISSUES: NodeIssue[] = [];

/** Edits a config node (a shared connection); reached from a config reference field or the flow panel. */
export function ConfigNodeEditor({ flow, config }: { flow: Flow; config: ConfigNode }) {
  const { editor } = useServices();
  const entry = useEditor((s) => s.catalog.get(config.type));
  const deployIssues = useEditor((s) => s.deployIssues.get(config.id) ?? NO_ISSUES);
  const ctx = useFormContext(flow.id);
  const flows = useEditor((s) => s.flows);
  const catalog = useEditor((s) => s.catalog);
  // Users in every flow: a shared config node (and an old cross-flow reference) is used elsewhere too.
  const userList = useMemo(() => configUsers(flows, catalog).get(config.id) ?? [], [flows, catalog, config.id]);
  const users = userList.length;
  const userFlows = new Set(userList.map((u) => u.flowId)).size;
  const issues = useMemo(() => mergeIssues(configIssues(config, entry), deployIssues), [config, entry, deployIssues]);
  const save = (next: ConfigNode) =>
    editor.set((s) => edit(s, { type: 'upsert-config', flowId: flow.id, config: next }));
  const back = () => editor.set((s) => ({ ...s, inspectedConfig: undefined }));
  return (
    <div className="node-editor" data-testid="config-editor">
      <button type="button" className="link back" onClick={back}>
        ← Back
      </button>
      <EditorHeader entry={entry} type={config.type} id={config.id} />
      <p className="muted" data-testid="config-where">
        {flow.shared
          ? `Shared config node, used by ${users} node${users === 1 ? '' : 's'} in ${userFlows} flow${userFlows === 1 ? '' : 's'}: a change restarts them at the next deploy.`
          : `Config node in “${flow.name}”, used by ${users} node${users === 1 ? '' : 's'}.`}
      </p>
      <div className="field">
        <label className="field-label" htmlFor="config-name">
          Name
        </label>
        <input
          id="config-name"
          data-testid="config-name"
          value={config.name ?? ''}
          onChange={(e) => save({ ...config, name: e.target.value })}
        />
      </div>
      {entry && (
        <SchemaForm
          schema={entry.configSchema}
          value={config.config}
          issues={issues}
          ctx={ctx}
          onChange={(value) => save({ ...config, config: value })}
        />
      )}
      <button
        type="button"
        className="danger"
        disabled={users > 0}
        title={users ? 'Still in use' : 'Delete this config node'}
        onClick={() =>
          editor.set((s) => ({
            ...edit(s, { type: 'remove-config', flowId: flow.id, configId: config.id }),
            inspectedConfig: undefined,
          }))
        }
      >
        Delete config node
      </button>
    </div>
  );
}
