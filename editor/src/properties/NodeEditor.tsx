import type { FlowNode, NodeCatalogEntry } from '@millwright/model';
import { useMemo } from 'react';
import { useEditor } from '../app/useEditor.js';
import { useServices } from '../app/useServices.js';
import { NodeIcon } from '../canvas/NodeIcon.js';
import { nodeColor } from '../canvas/node-style.js';
import type { SchemaIssue } from '../schema/json-schema.js';
import { updateNode } from '../store/actions.js';
import { configIssues } from '../store/catalog.js';
import type { NodeIssue } from '../store/editor-state.js';
import { renderInlineMarkdown } from './inline-markdown.js';
import { SchemaForm } from './SchemaForm.js';
import { OpenSubflowButton } from '../subflows/OpenSubflowButton.js';
import { useFormContext } from './useFormContext.js';
import type { PickerProps } from './form-context.js';
import { Isa95MappingHelper } from './isa95/Isa95MappingHelper.js';
import { Isa95TargetTree } from './isa95/Isa95TargetTree.js';
import { useIsa95Mapping } from './isa95/useIsa95Mapping.js';

const NO_ISSUES: NodeIssue[] = [];

/** Name, enabled flag and the generated config form of one node. */
export function NodeEditor({ flowId, node }: { flowId: string; node: FlowNode }) {
  const { editor } = useServices();
  const entry = useEditor((s) => s.catalog.get(node.type));
  const deployIssues = useEditor((s) => s.deployIssues.get(node.id) ?? NO_ISSUES);
  const baseCtx = useFormContext(flowId);
  // The isa95-map mapping table picks from the document's model and a sample message, with a live preview.
  const mapping = useIsa95Mapping(flowId, node);
  const ctx = useMemo(
    () =>
      mapping.active
        ? {
            ...baseCtx,
            suggestions: (name: string) =>
              name === 'isa95-targets' ? mapping.targets : name === 'isa95-sources' ? mapping.sources : [],
            picker: (name: string) => {
              const tree = name === 'isa95-targets' ? mapping.tree : undefined;
              return tree
                ? (p: PickerProps) => <Isa95TargetTree tree={tree} document={mapping.document} {...p} />
                : undefined;
            },
          }
        : baseCtx,
    [baseCtx, mapping.active, mapping.targets, mapping.sources, mapping.tree, mapping.document],
  );
  const issues = useMemo(
    () => [...mergeIssues(configIssues(node, entry), deployIssues), ...mapping.rowIssues],
    [node, entry, deployIssues, mapping.rowIssues],
  );
  const nameIssues = deployIssues.filter((i) => i.path[0] === 'name');
  const other = deployIssues.filter((i) => i.path[0] !== 'config' && i.path[0] !== 'name');
  const update = (patch: Parameters<typeof updateNode>[1]['patch'], field: string) =>
    editor.set((s) => updateNode(s, { flowId, nodeId: node.id, patch, field }));
  return (
    <div className="node-editor" data-testid="node-editor" data-node-id={node.id}>
      <EditorHeader entry={entry} type={node.type} id={node.id} />
      <OpenSubflowButton type={node.type} />
      {!entry && (
        <div className="field-error">Unknown node type “{node.type}”: it is not installed in this runtime.</div>
      )}
      {other.map((i) => (
        <div key={i.message} className="field-error" role="alert">
          {i.message}
        </div>
      ))}
      <div className={`field ${nameIssues.length ? 'has-error' : ''}`}>
        <label className="field-label" htmlFor="node-name">
          Name
        </label>
        <input
          id="node-name"
          data-testid="prop-name"
          value={node.name ?? ''}
          placeholder={entry?.label ?? node.type}
          onChange={(e) => update({ name: e.target.value }, 'name')}
        />
        {nameIssues.map((i) => (
          <div key={i.message} className="field-error">
            {i.message}
          </div>
        ))}
      </div>
      <div className="field inline">
        <label className="field-label" htmlFor="node-enabled">
          Enabled
        </label>
        <label className="switch">
          <input
            id="node-enabled"
            type="checkbox"
            data-testid="prop-enabled"
            checked={!node.disabled}
            onChange={(e) => update({ disabled: !e.target.checked }, 'disabled')}
          />
          <span className="switch-track" />
        </label>
      </div>
      {entry && (
        <SchemaForm
          schema={entry.configSchema}
          value={node.config}
          issues={issues}
          ctx={ctx}
          onChange={(config, field) => update({ config }, `config.${field}`)}
        />
      )}
      {mapping.active && <Isa95MappingHelper mapping={mapping} />}
    </div>
  );
}

/** Icon, type, id and description of the node type being edited. */
export function EditorHeader({ entry, type, id }: { entry: NodeCatalogEntry | undefined; type: string; id: string }) {
  return (
    <header className="editor-header">
      <span className="palette-icon" style={{ background: nodeColor(entry?.category, entry?.color) }}>
        <NodeIcon icon={entry?.icon} type={type} />
      </span>
      <div>
        <div className="editor-type">{entry?.label ?? type}</div>
        <div className="editor-id" title="Node id">
          {id}
        </div>
      </div>
      {entry?.description && <p className="editor-description">{renderInlineMarkdown(entry.description)}</p>}
    </header>
  );
}

/** Client faults plus the server's (paths `['config', ...]`), relative to the config. */
export function mergeIssues(client: readonly SchemaIssue[], server: readonly NodeIssue[]): SchemaIssue[] {
  const fromServer = server
    .filter((i) => i.path[0] === 'config')
    .map((i) => ({ path: i.path.slice(1), code: i.code, message: i.message }));
  return [...client, ...fromServer];
}
