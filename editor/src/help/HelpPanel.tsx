import { useMemo, useState } from 'react';
import { useEditor } from '../app/useEditor.js';
import { renderInlineMarkdown } from '../properties/inline-markdown.js';
import { activeFlow } from '../store/editor-state.js';
import { nodeHelp } from './node-help.js';

/**
 * The "Help" tab: what the selected node (or any chosen type) does, its ports, every config key
 * with type, default and description, and an example, all from the node's schema, so it always
 * matches the installed version and the generated docs.
 */
export function HelpPanel() {
  const catalog = useEditor((s) => s.catalog);
  const selectedType = useEditor((s) => {
    const inspected = s.inspectedConfig;
    const flow = activeFlow(s);
    if (inspected) return flow?.configs?.find((c) => c.id === inspected)?.type;
    const [first] = s.selection.nodes;
    return first ? flow?.nodes.find((n) => n.id === first)?.type : undefined;
  });
  const [chosen, setChosen] = useState<string>();
  const type = chosen ?? selectedType;
  const entry = type ? catalog.get(type) : undefined;
  const help = useMemo(() => (entry ? nodeHelp(entry) : undefined), [entry]);
  const types = useMemo(() => [...catalog.values()].sort((a, b) => a.label.localeCompare(b.label)), [catalog]);
  return (
    <div className="help-panel" data-testid="help-panel">
      <select
        value={type ?? ''}
        onChange={(e) => setChosen(e.target.value || undefined)}
        aria-label="Node type"
        data-testid="help-type"
      >
        <option value="">— select a node, or choose a type —</option>
        {types.map((t) => (
          <option key={t.type} value={t.type}>
            {t.label} ({t.type})
          </option>
        ))}
      </select>
      {help && (
        <article>
          <h3>
            {help.label} <code>{help.type}</code>
          </h3>
          <p>{renderInlineMarkdown(help.description)}</p>
          <p className="muted small">
            {help.isConfig
              ? 'Config node: shared settings other nodes refer to.'
              : `${help.inputs ? '1 input' : 'No input (a source)'} · outputs: ${help.outputs.join(', ') || 'none'}`}{' '}
            · category {help.category}
          </p>
          <h4>Config</h4>
          {help.config.length ? <Rows rows={help.config} testId="help-config" /> : <p className="muted">None.</p>}
          {help.credentials.length > 0 && (
            <>
              <h4>Credentials</h4>
              <p className="muted small">Stored encrypted in the runtime, never sent back to the editor.</p>
              <Rows rows={help.credentials} testId="help-credentials" />
            </>
          )}
          <h4>Example</h4>
          <pre className="help-example" data-testid="help-example">
            {help.example}
          </pre>
        </article>
      )}
    </div>
  );
}

function Rows({ rows, testId }: { rows: ReturnType<typeof nodeHelp>['config']; testId: string }) {
  return (
    <dl className="help-rows" data-testid={testId}>
      {rows.map((r, i) => (
        // Union variants repeat keys (`rules[].value` per operator): the index keeps rows apart.
        <div key={`${i}:${r.key}`}>
          <dt>
            <code>{r.key}</code> <span className="muted">{r.type}</span>
            {r.default && (
              <span className="muted"> = {renderInlineMarkdown(r.default.replace('*required*', 'required'))}</span>
            )}
          </dt>
          <dd>{renderInlineMarkdown(r.description)}</dd>
        </div>
      ))}
    </dl>
  );
}
