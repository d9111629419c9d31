import { characteristicsOf, spcPoints } from '../../charts/chart-series.js';
import { ControlChart } from '../../charts/ControlChart.js';
import { cfg, useNodeEvents, type WidgetProps } from './widget-props.js';

/** The editor's control chart of the quality-check node named in `source`. */
export function SpcWidget({ widget, store }: WidgetProps) {
  const events = useNodeEvents(store, cfg.str(widget, 'source'));
  const characteristic = cfg.str(widget, 'characteristic') || characteristicsOf(events)[0];
  const max = cfg.num(widget, 'points', 50);
  const points = characteristic ? spcPoints(events, characteristic) : [];
  if (points.length === 0) return <p className="muted">Waiting for control chart points…</p>;
  return <ControlChart points={points} maxPoints={max} />;
}
