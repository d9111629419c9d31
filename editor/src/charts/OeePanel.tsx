import type { OeeChartData } from '@millwright/model';
import { formatDuration, formatPercent } from './chart-geometry.js';

const FACTORS = [
  { key: 'availability', label: 'Availability' },
  { key: 'performance', label: 'Performance' },
  { key: 'quality', label: 'Quality' },
  { key: 'oee', label: 'OEE' },
] as const;

/** Why the figures of a record should not be trusted as they stand, one line each. */
function warningsOf(record: OeeChartData): string[] {
  const out: string[] = [];
  const raw = record.performanceRaw;
  if (raw != null && raw > 1)
    out.push(
      `Performance ${formatPercent(raw)} is above 100 % (shown capped): check the part counts and the ideal cycle time.`,
    );
  if (record.heldCount) out.push(`${record.heldCount} parts held as a suspected counter glitch, not counted yet.`);
  const settled = (record.glitches ?? []).filter((g) => g.resolution !== 'pending').length;
  if (settled > 0)
    out.push(`${settled} counter glitch${settled === 1 ? '' : 'es'} in this window were not counted as parts.`);
  return out;
}

/** The OEE of the current window: A, P, Q and OEE as percentages with bars, and downtime by reason. */
export function OeePanel({ record }: { record: OeeChartData }) {
  const longest = Math.max(1, ...record.losses.map((l) => l.durationMs));
  const warnings = warningsOf(record);
  return (
    <div className="oee-panel" data-testid="oee-panel">
      <div className="oee-window">
        {record.window.name ?? 'window'} {new Date(record.window.start).toLocaleTimeString()} –{' '}
        {new Date(record.window.end).toLocaleTimeString()}
        {record.final ? ' (closed)' : ''}
        {record.restated ? ' (restated)' : ''}
      </div>
      {warnings.map((w) => (
        <p key={w} className="oee-warning" data-testid="oee-warning">
          {w}
        </p>
      ))}
      <div className="oee-factors">
        {FACTORS.map(({ key, label }) => {
          const value = record[key];
          return (
            <div
              key={key}
              className={`oee-factor oee-factor-${key}`}
              data-testid={`oee-${key}`}
              data-value={value ?? undefined}
            >
              <span className="oee-label">{label}</span>
              <span className="oee-value">{formatPercent(value)}</span>
              <span className="oee-bar">
                <span style={{ width: `${Math.max(0, Math.min(1, value ?? 0)) * 100}%` }} />
              </span>
            </div>
          );
        })}
      </div>
      <dl className="chart-stats">
        <dt>Total</dt>
        <dd data-testid="oee-total">{record.totalCount ?? '–'}</dd>
        <dt>Good</dt>
        <dd data-testid="oee-good">{record.goodCount ?? '–'}</dd>
        <dt>Reject</dt>
        <dd data-testid="oee-reject">{record.rejectCount ?? '–'}</dd>
      </dl>
      <h4>Downtime by reason</h4>
      {record.losses.length === 0 ? (
        <p className="muted">No downtime in this window.</p>
      ) : (
        <table className="oee-losses" data-testid="oee-losses">
          <tbody>
            {record.losses.map((l) => (
              <tr key={l.reason} data-testid="oee-loss" data-reason={l.reason} data-ms={l.durationMs}>
                <td className="oee-loss-reason">{l.reason}</td>
                <td className="oee-loss-cell">
                  <span className="oee-loss-bar">
                    <span style={{ width: `${(l.durationMs / longest) * 100}%` }} />
                  </span>
                </td>
                <td className="oee-loss-time">{formatDuration(l.durationMs)}</td>
                <td className="oee-loss-count">×{l.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
