import { useState } from 'react';
import { cfg, formatShown, latestValue, useNodeEvents, type WidgetProps } from './widget-props.js';

const isRow = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Rows with paging: each value is the table, or with `append` one row added on top. */
export function TableWidget({ widget, store }: WidgetProps) {
  const events = useNodeEvents(store, widget.id);
  const [page, setPage] = useState(0);
  const rows: Array<Record<string, unknown>> = widget.config['append']
    ? events.flatMap((e) => (e.kind === 'widget' && isRow(e.data.value) ? [e.data.value] : [])).reverse()
    : ((v) => (Array.isArray(v) ? v.filter(isRow) : []))(latestValue(events));
  const configured = cfg.list(widget, 'columns');
  const columns = configured.length
    ? configured.map((c) => ({ key: String(c['key']), label: String(c['label'] || c['key']) }))
    : Object.keys(rows[0] ?? {}).map((key) => ({ key, label: key }));
  const size = cfg.num(widget, 'pageSize', 10);
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const current = Math.min(page, pages - 1);
  return (
    <div className="table-widget">
      <table>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key}>{c.label}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.slice(current * size, current * size + size).map((r, i) => (
            <tr key={i} data-testid="table-row">
              {columns.map((c) => (
                <td key={c.key}>{formatShown(r[c.key])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {pages > 1 && (
        <div className="pager">
          <button disabled={current === 0} onClick={() => setPage(current - 1)}>
            ‹
          </button>
          <span data-testid="table-page">
            {current + 1} / {pages}
          </span>
          <button disabled={current >= pages - 1} onClick={() => setPage(current + 1)}>
            ›
          </button>
        </div>
      )}
    </div>
  );
}
