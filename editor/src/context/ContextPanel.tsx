import type { ContextScopeView } from '@millwright/model';
import { useState } from 'react';
import { useEditor } from '../app/useEditor.js';
import { useRole } from '../app/useRole.js';
import { useServices } from '../app/useServices.js';
import type { ContextTarget } from '../api/api-client.js';
import { JsonTree } from '../debug/JsonTree.js';
import { roleAtLeast } from '../layout/panel-rules.js';
import { activeFlow } from '../store/editor-state.js';

/**
 * The "Context" tab: the node context of the selected node, the flow context of the open flow and
 * the global context, as the running flows hold them. Read on demand (a refresh button per section,
 * no polling): values are cut as debug values are, and a scope lists at most 1,000 keys.
 */
export function ContextPanel() {
  const flowId = useEditor((s) => activeFlow(s)?.id);
  const nodeId = useEditor((s) => {
    const [first] = s.selection.nodes;
    return first ?? s.inspectedConfig;
  });
  return (
    <div className="context-panel" data-testid="context-panel">
      <ContextSection
        key={`node:${nodeId ?? ''}`}
        title="Node"
        name="node"
        target={nodeId ? { nodeId } : undefined}
        empty="Select a node."
      />
      <ContextSection key={`flow:${flowId ?? ''}`} title="Flow" name="flow" target={flowId ? { flowId } : undefined} />
      <ContextSection title="Global" name="global" target="global" />
    </div>
  );
}

function ContextSection(props: { title: string; name: string; target: ContextTarget | undefined; empty?: string }) {
  const { api } = useServices();
  const [view, setView] = useState<ContextScopeView>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  // Deleting a key changes what the flow does next, as an edit does (`flows:edit`).
  const canDelete = roleAtLeast(useRole(), 'editor');
  const { target } = props;
  const refresh = () => {
    if (!target) return;
    setBusy(true);
    api.context(target).then(
      (v) => {
        setView(v);
        setError(undefined);
        setBusy(false);
      },
      (err: unknown) => {
        setError(err instanceof Error ? err.message : String(err));
        setBusy(false);
      },
    );
  };
  return (
    <section className="context-section" data-testid={`context-${props.name}`}>
      <header>
        <h4>{props.title}</h4>
        <button
          type="button"
          onClick={refresh}
          disabled={!target || busy}
          title={`Read the ${props.name} context from the runtime`}
          data-testid={`context-refresh-${props.name}`}
        >
          ↻ Refresh
        </button>
      </header>
      {!target && props.empty && <p className="muted small">{props.empty}</p>}
      {error && <p className="error small">{error}</p>}
      {!error && target && !view && <p className="muted small">Press refresh to read it.</p>}
      {!error && view && (
        <ContextEntries
          view={view}
          {...(canDelete && target
            ? {
                onDelete: (key: string) => {
                  if (!window.confirm(`Delete "${key}" from the ${props.name} context of the running flow?`)) return;
                  api
                    .deleteContext(target, key)
                    .then(refresh, (err: unknown) => setError(err instanceof Error ? err.message : String(err)));
                },
              }
            : {})}
        />
      )}
    </section>
  );
}

function ContextEntries({ view, onDelete }: { view: ContextScopeView; onDelete?: (key: string) => void }) {
  if (!view.entries.length) return <p className="muted small">Empty.</p>;
  return (
    <>
      <ul className="context-entries">
        {view.entries.map((e) => (
          <li key={e.key} data-testid="context-entry" data-key={e.key}>
            <div className="context-key">
              <code>{e.key}</code>
              <span className="muted small">
                {e.bytes !== undefined ? formatBytes(e.bytes) : 'not JSON'}
                {e.truncated ? ' · cut' : ''}
                {onDelete && (
                  <button
                    type="button"
                    className="context-delete"
                    onClick={() => onDelete(e.key)}
                    title={`Delete "${e.key}"`}
                    aria-label={`Delete ${e.key}`}
                    data-testid="context-delete"
                  >
                    ✕
                  </button>
                )}
              </span>
            </div>
            <JsonTree value={e.value} openDepth={0} />
          </li>
        ))}
      </ul>
      {view.truncated && (
        <p className="muted small">
          Showing {view.entries.length} of {view.total} keys.
        </p>
      )}
    </>
  );
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
