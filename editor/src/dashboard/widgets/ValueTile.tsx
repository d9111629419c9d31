import { cfg, formatShown, latestValue, levelOf, useNodeEvents, type WidgetProps } from './widget-props.js';

/** One value, big, coloured by its thresholds. */
export function ValueTile({ widget, store }: WidgetProps) {
  const value = latestValue(useNodeEvents(store, widget.id));
  const decimals = typeof widget.config['decimals'] === 'number' ? widget.config['decimals'] : undefined;
  const level = levelOf(value, cfg.list(widget, 'thresholds'));
  const unit = cfg.str(widget, 'unit');
  return (
    <div className={`value-tile level-${level}`} data-level={level}>
      <span className="value-main" data-testid="widget-value">
        {formatShown(value, decimals)}
      </span>
      {unit && <span className="value-unit">{unit}</span>}
    </div>
  );
}
