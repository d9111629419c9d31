import { cfg, latestValue, toLevel, useNodeEvents, type WidgetProps } from './widget-props.js';

/** A coloured lamp with the state and, when not running, its reason. */
export function StateLamp({ widget, store }: WidgetProps) {
  const value = latestValue(useNodeEvents(store, widget.id));
  const state =
    typeof value === 'object' && value !== null ? String(Reflect.get(value, 'state') ?? '') : String(value ?? '');
  const reason = typeof value === 'object' && value !== null ? String(Reflect.get(value, 'reason') ?? '') : '';
  const level =
    value === undefined
      ? 'none'
      : toLevel(cfg.list(widget, 'states').find((s) => s['state'] === state)?.['level'] ?? 'idle');
  return (
    <div className={`state-lamp level-${level}`} data-testid="widget-state" data-state={state} data-level={level}>
      <span className="lamp" />
      <span className="state-text">{state || '–'}</span>
      {reason && <span className="state-reason">{reason}</span>}
    </div>
  );
}
