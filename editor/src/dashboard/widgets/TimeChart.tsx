import { useState } from 'react';
import { formatDuration, formatValue, linearScale, niceTicks, timeTicks } from '../../charts/chart-geometry.js';
import { cfg, useNodeEvents, type WidgetProps } from './widget-props.js';

const W = 320;
const H = 150;
const M = { top: 8, right: 8, bottom: 28, left: 36 };
const COLORS = ['var(--accent)', 'var(--ok)', 'var(--warn)', 'var(--danger)', '#8b5cf6', '#0891b2'];

/** Zoom steps: the configured window divided by these. */
const ZOOMS = [1, 2, 4, 8, 16];

/**
 * Series of numbers over the last `windowMs`: one per `series` entry, else one per topic. The
 * operator zooms in (down to 1/16 of the window) and out again with the + and − buttons.
 */
export function TimeChart({ widget, store }: WidgetProps) {
  const events = useNodeEvents(store, widget.id);
  const [zoom, setZoom] = useState(0);
  const windowMs = cfg.num(widget, 'windowMs', 600_000) / ZOOMS[zoom]!;
  const defs = cfg.list(widget, 'series');
  const newest = events.length ? events[events.length - 1]!.time : Date.now();
  const from = newest - windowMs;
  const series = new Map<string, Array<[number, number]>>();
  for (const e of events) {
    if (e.kind !== 'widget' || e.time < from) continue;
    const v = e.data.value;
    const points: Array<[string, unknown]> = defs.length
      ? defs.map((d) => [
          String(d['name']),
          typeof v === 'object' && v !== null ? Reflect.get(v, String(d['property'])) : undefined,
        ])
      : [[e.data.topic ?? 'value', v]];
    for (const [name, y] of points) {
      if (typeof y !== 'number') continue;
      let list = series.get(name);
      if (!list) series.set(name, (list = []));
      list.push([e.time, y]);
    }
  }
  const ys = [...series.values()].flatMap((l) => l.map((p) => p[1]));
  const lo = ys.length ? Math.min(...ys) : 0;
  const hi = ys.length ? Math.max(...ys) : 1;
  const pad = hi === lo ? 1 : (hi - lo) * 0.08;
  const y = linearScale(lo - pad, hi + pad, H - M.bottom, M.top);
  const x = linearScale(from, newest, M.left, W - M.right);
  const names = [...series.keys()];
  return (
    <div className="time-chart" data-series={names.join(',')}>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${names.join(', ')} over time`}>
        <rect className="chart-frame" x={M.left} y={M.top} width={W - M.left - M.right} height={H - M.top - M.bottom} />
        {niceTicks(lo - pad, hi + pad, 4).map((t) => (
          <g key={t} className="chart-tick">
            <line x1={M.left - 3} x2={M.left} y1={y(t)} y2={y(t)} />
            <text x={M.left - 5} y={y(t)} textAnchor="end" dominantBaseline="middle">
              {formatValue(t)}
            </text>
          </g>
        ))}
        {names.map((name, i) => (
          <path
            key={name}
            className="series-line"
            data-testid="series-line"
            data-series={name}
            data-points={series.get(name)!.length}
            stroke={COLORS[i % COLORS.length]}
            d={series
              .get(name)!
              .map(([t, v], j) => `${j ? 'L' : 'M'}${x(t).toFixed(1)} ${y(v).toFixed(1)}`)
              .join(' ')}
          />
        ))}
        {timeTicks(from, newest, 4).map((t) => (
          <g key={t.time} className="chart-tick" data-testid="time-tick">
            <line x1={x(t.time)} x2={x(t.time)} y1={H - M.bottom} y2={H - M.bottom + 3} />
            <text x={x(t.time)} y={H - M.bottom + 11} textAnchor="middle">
              {t.label}
            </text>
          </g>
        ))}
        <text className="chart-axis-label" x={(M.left + W - M.right) / 2} y={H - 2}>
          {`last ${formatDuration(windowMs)}`}
        </text>
      </svg>
      <div className="zoom">
        <button aria-label="zoom out" data-testid="zoom-out" disabled={zoom === 0} onClick={() => setZoom(zoom - 1)}>
          −
        </button>
        <button
          aria-label="zoom in"
          data-testid="zoom-in"
          disabled={zoom === ZOOMS.length - 1}
          onClick={() => setZoom(zoom + 1)}
        >
          +
        </button>
      </div>
      <ul className="legend">
        {names.map((name, i) => (
          <li key={name} style={{ color: COLORS[i % COLORS.length] }}>
            {name} <b>{formatValue(series.get(name)!.at(-1)?.[1])}</b> {cfg.str(widget, 'unit')}
          </li>
        ))}
      </ul>
    </div>
  );
}
