import type { ImportReport } from '@millwright/model';

/**
 * What a Node-RED conversion did: converted count and flows, every placeholder (a node kept as an
 * `unsupported` node, to be replaced by hand) with its reason, and every warning.
 */
export function NodeRedReport({ report }: { report: ImportReport }) {
  const tabName = new Map(report.flows.map((f) => [f.id, f.name]));
  return (
    <div className="node-red-report" data-testid="node-red-report">
      <p data-testid="node-red-summary">
        Node-RED export: {report.converted} node(s) converted into {report.flows.length} flow(s):{' '}
        {report.flows.map((f) => `“${f.name}” (${f.nodes} nodes)`).join(', ')}.
      </p>
      {report.placeholders.length > 0 && (
        <section className="node-red-placeholders">
          <h3>
            {report.placeholders.length} placeholder(s): these nodes have no Millwright equivalent and will raise an
            error when a message reaches them
          </h3>
          <ul data-testid="node-red-placeholders">
            {report.placeholders.map((p) => (
              <li key={p.id} className="placeholder" data-testid={`node-red-placeholder-${p.id}`}>
                <span className="placeholder-badge">placeholder</span> <code>{p.type}</code>
                {p.name ? ` “${p.name}”` : ''}
                {p.tab ? ` on “${tabName.get(p.tab) ?? p.tab}”` : ' (config node)'}: {p.reason}
              </li>
            ))}
          </ul>
        </section>
      )}
      {report.warnings.length > 0 && (
        <section className="node-red-warnings">
          <h3>{report.warnings.length} warning(s)</h3>
          <ul data-testid="node-red-warnings">
            {report.warnings.map((w, i) => (
              <li key={i} data-testid="node-red-warning">
                {w.type ? <code>{w.type}</code> : null}
                {w.id ? ` ${w.id}` : ''}
                {w.type || w.id ? ': ' : ''}
                {w.message}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
