import { formatDuration } from '../../charts/chart-geometry.js';
import { paretoItems } from './bar-items.js';
import { cfg, latestValue, useNodeEvents, type WidgetProps } from './widget-props.js';

/** Downtime by reason, longest first, with the cumulative share of all downtime. */
export function ParetoChart({ widget, store }: WidgetProps) {
  const items = paretoItems(latestValue(useNodeEvents(store, widget.id)), cfg.num(widget, 'top', 8));
  const longest = Math.max(1, ...items.map((i) => i.durationMs));
  if (items.length === 0) return <p className="muted">No downtime.</p>;
  return (
    <table className="bars pareto">
      <tbody>
        {items.map((i) => (
          <tr key={i.reason} data-testid="pareto-reason" data-reason={i.reason} data-ms={i.durationMs}>
            <td className="bar-label">{i.reason}</td>
            <td className="bar-cell">
              <span className="bar-track alarm">
                <span style={{ width: `${(i.durationMs / longest) * 100}%` }} />
              </span>
            </td>
            <td className="bar-value">{formatDuration(i.durationMs)}</td>
            <td className="bar-value muted">{Math.round(i.cumulative * 100)} %</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
