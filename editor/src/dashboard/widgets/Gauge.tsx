import { cfg, formatShown, latestValue, levelOf, useNodeEvents, type WidgetProps } from './widget-props.js';

/** A half-circle arc from min to max; the filled part shows the value. */
export function Gauge({ widget, store }: WidgetProps) {
  const value = latestValue(useNodeEvents(store, widget.id));
  const min = cfg.num(widget, 'min', 0);
  const max = cfg.num(widget, 'max', 100);
  const n = typeof value === 'number' ? value : min;
  const share = Math.max(0, Math.min(1, (n - min) / (max - min)));
  const level = levelOf(value, cfg.list(widget, 'thresholds'));
  // Arc from 180° to 0° on a circle of radius 40 centred at (50, 50).
  const angle = Math.PI * (1 - share);
  const end = { x: 50 + 40 * Math.cos(angle), y: 50 - 40 * Math.sin(angle) };
  return (
    <div className={`gauge level-${level}`} data-level={level}>
      <svg viewBox="0 0 100 60" role="img" aria-label={`${formatShown(value)} of ${max}`}>
        <path className="gauge-track" d="M10 50 A40 40 0 0 1 90 50" />
        {share > 0 && <path className="gauge-fill" d={`M10 50 A40 40 0 0 1 ${end.x.toFixed(2)} ${end.y.toFixed(2)}`} />}
        <text x="50" y="48" textAnchor="middle" className="gauge-text" data-testid="widget-value">
          {formatShown(value, 1)}
        </text>
        <text x="10" y="59" textAnchor="middle" className="gauge-scale">
          {min}
        </text>
        <text x="90" y="59" textAnchor="middle" className="gauge-scale">
          {max}
        </text>
      </svg>
      <span className="value-unit">{cfg.str(widget, 'unit')}</span>
    </div>
  );
}
