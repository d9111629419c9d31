import type { OeeChartData } from '@millwright/model';
import { OeePanel } from '../../charts/OeePanel.js';
import { cfg, latestValue, useNodeEvents, type WidgetProps } from './widget-props.js';

function isOeeRecord(v: unknown): v is OeeChartData {
  return typeof v === 'object' && v !== null && 'oee' in v && 'losses' in v && 'window' in v;
}

/** The editor's OEE panel (A, P, Q, OEE, counts, losses) for the newest record the widget got. */
export function OeeTile({ widget, store }: WidgetProps) {
  const value = latestValue(useNodeEvents(store, widget.id));
  if (!isOeeRecord(value)) return <p className="muted">Waiting for an OEE record…</p>;
  const below = value.oee !== null && value.oee < cfg.num(widget, 'target', 0.85);
  return (
    <div className={below ? 'oee-tile below-target' : 'oee-tile'} data-below-target={below}>
      <OeePanel record={value} />
    </div>
  );
}
