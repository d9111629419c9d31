import { useLayoutEffect, useRef, useState, type RefObject } from 'react';
import {
  CONTROL_CHART_BOX,
  formatClock,
  formatValue,
  layoutControlChart,
  type ChartBox,
  type SpcPoint,
} from './chart-geometry.js';

const LIMIT_LABELS = { ucl: 'UCL', cl: 'CL', lcl: 'LCL', usl: 'USL', lsl: 'LSL' } as const;

/** The plot's size in CSS pixels, drawn 1:1 so labels stay readable at any size; follows resizing. */
function usePlotBox(): [RefObject<HTMLDivElement | null>, ChartBox] {
  const ref = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState<{ width: number; height: number }>();
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const read = () => {
      const width = Math.round(el.clientWidth);
      const height = Math.round(el.clientHeight);
      if (width > 0 && height > 0) setSize((s) => (s?.width === width && s.height === height ? s : { width, height }));
    };
    read();
    const observer = new ResizeObserver(read);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, size ? { ...CONTROL_CHART_BOX, ...size } : CONTROL_CHART_BOX];
}

/**
 * An SPC control chart of one characteristic, shared by the editor's Chart tab and the dashboard
 * widget: the plotted values over time (local-time axis), the centre line (solid), control limits
 * (dashed) and specification limits (dotted, when set). Points that broke a run rule are red; their
 * tooltip and the list below name the time and rules. The plot's height is dragged by its corner.
 */
export function ControlChart({ points, maxPoints = 100 }: { points: readonly SpcPoint[]; maxPoints?: number }) {
  const [plotRef, box] = usePlotBox();
  const layout = layoutControlChart(points, box, maxPoints);
  const last = points[points.length - 1];
  const unit = last?.unit ? ` (${last.unit})` : '';
  const violations = layout.points.filter((p) => p.violated).reverse();
  const plotBottom = box.height - box.margin.bottom;
  const caption = `last ${layout.points.length} ${last?.chart === 'xbar-r' ? 'subgroups' : 'samples'}${
    layout.timeRange ? `, ${new Date(layout.timeRange[1]).toLocaleDateString()} local time` : ''
  }`;
  return (
    <div className="control-chart" data-testid="control-chart" data-points={layout.points.length}>
      <div className="control-chart-plot" ref={plotRef} data-testid="control-chart-plot">
        <svg
          width={box.width}
          height={box.height}
          viewBox={`0 0 ${box.width} ${box.height}`}
          role="img"
          aria-label={`Control chart of ${last?.characteristic ?? 'a characteristic'}`}
        >
          <rect
            className="chart-frame"
            x={box.margin.left}
            y={box.margin.top}
            width={box.width - box.margin.left - box.margin.right}
            height={box.height - box.margin.top - box.margin.bottom}
          />
          {layout.yTicks.map((t) => (
            <g key={t.value} className="chart-tick">
              <line x1={box.margin.left - 3} x2={box.margin.left} y1={t.y} y2={t.y} />
              <text x={box.margin.left - 5} y={t.y} textAnchor="end" dominantBaseline="middle">
                {formatValue(t.value)}
              </text>
            </g>
          ))}
          {layout.xTicks.map((t) => (
            <g key={t.time} className="chart-tick chart-time-tick" data-testid="chart-time-tick" data-time={t.time}>
              <line className="chart-grid" x1={t.x} x2={t.x} y1={box.margin.top} y2={plotBottom} />
              <line x1={t.x} x2={t.x} y1={plotBottom} y2={plotBottom + 3} />
              <text x={t.x} y={plotBottom + 5} textAnchor="middle" dominantBaseline="hanging">
                {t.label}
              </text>
            </g>
          ))}
          <text
            className="chart-axis-label"
            transform={`translate(11 ${(box.margin.top + plotBottom) / 2}) rotate(-90)`}
            textAnchor="middle"
            dominantBaseline="middle"
          >
            {`${last?.characteristic ?? ''}${unit}`}
          </text>
          <text
            className="chart-axis-label"
            x={(box.margin.left + box.width - box.margin.right) / 2}
            y={box.height - 4}
            data-testid="chart-caption"
          >
            {caption}
          </text>
          {(['usl', 'lsl', 'ucl', 'lcl', 'cl'] as const).map((key) => {
            const l = layout.limits[key];
            if (!l.path || l.y === null) return null;
            return (
              <g key={key} className={`chart-limit chart-limit-${key}`}>
                <path d={l.path} data-testid={`chart-${key}`} data-value={l.latest ?? undefined}>
                  <title>{`${LIMIT_LABELS[key]} ${formatValue(l.latest)}`}</title>
                </path>
                <text x={box.width - box.margin.right + 3} y={l.y} dominantBaseline="middle">
                  {LIMIT_LABELS[key]}
                </text>
              </g>
            );
          })}
          <path className="chart-line" d={layout.line} data-testid="chart-line" />
          {layout.points.map((p, i) => (
            <circle
              key={i}
              className={p.violated ? 'chart-point violated' : 'chart-point'}
              cx={p.x}
              cy={p.y}
              r={p.violated ? 4 : 2.5}
              data-testid="chart-point"
              data-value={p.data.point}
              data-time={p.data.time}
              data-violations={p.violated ? p.data.violations.map((v) => v.rule).join(' ') : undefined}
            >
              <title>
                {[
                  `${p.data.time !== undefined ? `${formatClock(p.data.time)}  ` : ''}${formatValue(p.data.point)}`,
                  ...p.data.violations.map(
                    (v) =>
                      `${v.rule}: ${v.ruleName}${v.chart === 'mr' || v.chart === 'r' ? ` (${v.chart} chart)` : ''}`,
                  ),
                ].join('\n')}
              </title>
            </circle>
          ))}
        </svg>
      </div>
      <dl className="chart-stats">
        <dt>Last</dt>
        <dd data-testid="chart-last">{formatValue(last?.point)}</dd>
        <dt>Cp</dt>
        <dd data-testid="chart-cp">{formatValue(last?.cp)}</dd>
        <dt>Cpk</dt>
        <dd data-testid="chart-cpk">{formatValue(last?.cpk)}</dd>
      </dl>
      {violations.length > 0 && (
        <>
          <div className="chart-violations-head">
            Rule violations in view: {violations.reduce((n, p) => n + p.data.violations.length, 0)}, newest first
          </div>
          <ul className="chart-violations">
            {violations.flatMap((p) =>
              p.data.violations.map((v) => (
                <li
                  key={`${p.x}:${v.rule}:${v.chart}`}
                  data-testid="chart-violation"
                  data-rule={v.rule}
                  data-time={p.data.time}
                >
                  {p.data.time !== undefined && (
                    <time className="chart-violation-time" dateTime={new Date(p.data.time).toISOString()}>
                      {formatClock(p.data.time)}
                    </time>
                  )}{' '}
                  <span className="chart-violation-value">{formatValue(v.value)}</span> {v.rule}: {v.ruleName}
                  {v.chart === 'mr' || v.chart === 'r' ? ` (${v.chart} chart)` : ''}
                </li>
              )),
            )}
          </ul>
        </>
      )}
    </div>
  );
}
