import { formatValue } from '../../charts/chart-geometry.js';
import { barItems } from './bar-items.js';
import { cfg, latestValue, useNodeEvents, type WidgetProps } from './widget-props.js';

/** Horizontal bars of labelled values, scaled to the largest. */
export function BarChart({ widget, store }: WidgetProps) {
  const items = barItems(latestValue(useNodeEvents(store, widget.id)));
  const largest = Math.max(1, ...items.map((i) => Math.abs(i.value)));
  const unit = cfg.str(widget, 'unit');
  return (
    <table className="bars">
      <tbody>
        {items.map((i) => (
          <tr key={i.label} data-testid="bar" data-label={i.label} data-value={i.value}>
            <td className="bar-label">{i.label}</td>
            <td className="bar-cell">
              <span className="bar-track">
                <span style={{ width: `${(Math.abs(i.value) / largest) * 100}%` }} />
              </span>
            </td>
            <td className="bar-value">
              {formatValue(i.value)} {unit}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
