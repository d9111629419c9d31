import { formatDuration } from '../../charts/chart-geometry.js';
import { readState, stateSpans } from './state-timeline.js';
import { cfg, latestValue, toLevel, useNodeEvents, type Level, type WidgetProps } from './widget-props.js';

/** A coloured lamp with the state and, when not running, its reason; below it the timeline of states. */
export function StateLamp({ widget, store }: WidgetProps) {
  const events = useNodeEvents(store, widget.id);
  const value = latestValue(events);
  const { state, reason } = readState(value);
  const states = cfg.list(widget, 'states');
  const levelOf = (s: string): Level => toLevel(states.find((x) => x['state'] === s)?.['level'] ?? 'idle');
  const level = value === undefined ? 'none' : levelOf(state);
  const windowMs = cfg.num(widget, 'timelineMs', 3_600_000);
  const now = events.at(-1)?.time ?? 0;
  const spans = windowMs > 0 && events.length ? stateSpans(events, windowMs, Math.max(now, Date.now())) : [];
  const total = spans.reduce((n, s) => n + s.ms, 0) || 1;
  return (
    <div className="state-widget">
      <div className={`state-lamp level-${level}`} data-testid="widget-state" data-state={state} data-level={level}>
        <span className="lamp" />
        <span className="state-text">{state || '–'}</span>
        {reason && <span className="state-reason">{reason}</span>}
      </div>
      {spans.length > 0 && (
        <div className="state-timeline" data-testid="state-timeline" data-spans={spans.length}>
          {spans.map((s) => (
            <span
              key={s.start}
              className={`level-${levelOf(s.state)}`}
              style={{ width: `${(s.ms / total) * 100}%` }}
              title={`${s.state}${s.reason ? ` (${s.reason})` : ''}: ${formatDuration(s.ms)}`}
            />
          ))}
        </div>
      )}
    </div>
  );
}
