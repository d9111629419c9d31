import type { SpcChartData } from '@millwright/model';
import { CONTROL_CHART_BOX, formatValue, layoutControlChart } from './chart-geometry.js';

const LIMIT_LABELS = { ucl: 'UCL', cl: 'CL', lcl: 'LCL', usl: 'USL', lsl: 'LSL' } as const;

/**
 * An SPC control chart of one characteristic: the plotted values as a line with points, the
 * centre line (solid), control limits (dashed) and specification limits (dotted, when set).
 * Points that broke a run rule are red; their title names the rules.
 */
export function ControlChart({ points, maxPoints = 100 }: { points: readonly SpcChartData[]; maxPoints?: number }) {
  const box = CONTROL_CHART_BOX;
  const layout = layoutControlChart(points, box, maxPoints);
  const last = points[points.length - 1];
  const unit = last?.unit ? ` (${last.unit})` : '';
  const violations = layout.points
    .filter((p) => p.violated)
    .slice(-5)
    .reverse();
  return (
    <div className="control-chart" data-testid="control-chart" data-points={layout.points.length}>
      <svg
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
        <text
          className="chart-axis-label"
          transform={`translate(10 ${box.height / 2}) rotate(-90)`}
          textAnchor="middle"
          dominantBaseline="middle"
        >
          {`${last?.characteristic ?? ''}${unit}`}
        </text>
        <text className="chart-axis-label" x={(box.margin.left + box.width - box.margin.right) / 2} y={box.height - 6}>
          {`last ${layout.points.length} ${last?.chart === 'xbar-r' ? 'subgroups' : 'samples'}`}
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
            r={p.violated ? 3.5 : 2.5}
            data-testid="chart-point"
            data-value={p.data.point}
            data-violations={p.violated ? p.data.violations.map((v) => v.rule).join(' ') : undefined}
          >
            <title>
              {[
                formatValue(p.data.point),
                ...p.data.violations.map(
                  (v) => `${v.rule}: ${v.ruleName}${v.chart === 'mr' || v.chart === 'r' ? ` (${v.chart} chart)` : ''}`,
                ),
              ].join('\n')}
            </title>
          </circle>
        ))}
      </svg>
      <dl className="chart-stats">
        <dt>Last</dt>
        <dd data-testid="chart-last">{formatValue(last?.point)}</dd>
        <dt>Cp</dt>
        <dd data-testid="chart-cp">{formatValue(last?.cp)}</dd>
        <dt>Cpk</dt>
        <dd data-testid="chart-cpk">{formatValue(last?.cpk)}</dd>
      </dl>
      {violations.length > 0 && (
        <ul className="chart-violations">
          {violations.flatMap((p) =>
            p.data.violations.map((v) => (
              <li key={`${p.x}:${v.rule}:${v.chart}`} data-testid="chart-violation" data-rule={v.rule}>
                <span className="chart-violation-value">{formatValue(v.value)}</span> {v.rule}: {v.ruleName}
              </li>
            )),
          )}
        </ul>
      )}
    </div>
  );
}
