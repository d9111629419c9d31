import { describe, expect, it } from 'vitest';
import {
  formatDuration,
  formatPercent,
  formatValue,
  layoutControlChart,
  linearScale,
  niceTicks,
  timeTicks,
  formatClock,
  valueDomain,
  type ChartBox,
  type SpcPoint,
} from './chart-geometry.js';

const point = (value: number, extra: Partial<SpcPoint> = {}): SpcPoint => ({
  characteristic: 'd',
  chart: 'i-mr',
  unit: 'mm',
  point: value,
  range: null,
  cl: 10,
  ucl: 10.3,
  lcl: 9.7,
  lsl: null,
  usl: null,
  target: null,
  violations: [],
  cp: null,
  cpk: null,
  pp: null,
  ppk: null,
  lot: null,
  ...extra,
});

const BOX: ChartBox = { width: 110, height: 120, margin: { top: 10, right: 0, bottom: 10, left: 10 } };

describe('linearScale', () => {
  it('maps the domain onto the range, inverted ranges included', () => {
    const y = linearScale(0, 10, 100, 0);
    expect(y(0)).toBe(100);
    expect(y(10)).toBe(0);
    expect(y(2.5)).toBe(75);
  });

  it('maps a zero-width domain to the middle', () => {
    expect(linearScale(5, 5, 0, 100)(5)).toBe(50);
  });
});

describe('valueDomain', () => {
  it('covers every point and limit with 8 % headroom', () => {
    const [min, max] = valueDomain([point(10), point(10.6), point(9.9, { lsl: 9.5, usl: 10.5 })]);
    // Extremes: lsl 9.5 and the point 10.6; span 1.1, padding 0.088.
    expect(min).toBeCloseTo(9.5 - 0.088, 12);
    expect(max).toBeCloseTo(10.6 + 0.088, 12);
  });

  it('gives a band around a single value and a default for no data', () => {
    expect(valueDomain([point(5, { cl: null, ucl: null, lcl: null })])).toEqual([4, 6]);
    expect(valueDomain([])).toEqual([0, 1]);
  });
});

describe('niceTicks', () => {
  it('uses round steps inside the range', () => {
    expect(niceTicks(0, 10, 5)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(9.61, 10.69, 5)).toEqual([9.8, 10, 10.2, 10.4, 10.6]);
    expect(niceTicks(0.1, 0.45, 4)).toEqual([0.1, 0.2, 0.3, 0.4]);
  });

  it('returns the single value of an empty range', () => {
    expect(niceTicks(3, 3)).toEqual([3]);
  });
});

describe('layoutControlChart', () => {
  it('places points left to right and values bottom to top, flags violations', () => {
    const v = [{ rule: 'we-1', ruleName: 'One point beyond 3σ', chart: 'i', value: 10.6 }];
    const layout = layoutControlChart([point(10), point(10.1), point(10.6, { violations: v })], BOX);
    expect(layout.points.map((p) => p.x)).toEqual([10, 60, 110]);
    const [a, b, c] = layout.points;
    expect(a!.y).toBeGreaterThan(b!.y);
    expect(b!.y).toBeGreaterThan(c!.y);
    expect(layout.points.map((p) => p.violated)).toEqual([false, false, true]);
    expect(layout.line.startsWith('M10 ')).toBe(true);
    expect(layout.line.split('L')).toHaveLength(3);
  });

  it('draws each limit at its value, with the UCL above the CL above the LCL', () => {
    const layout = layoutControlChart([point(10), point(10.1)], BOX);
    expect(layout.limits.cl.latest).toBe(10);
    expect(layout.limits.ucl.latest).toBe(10.3);
    expect(layout.limits.ucl.y!).toBeLessThan(layout.limits.cl.y!);
    expect(layout.limits.cl.y!).toBeLessThan(layout.limits.lcl.y!);
    // One horizontal run across the plot: both points share the limit.
    const ys = [...layout.limits.cl.path.matchAll(/[ML]([\d.]+) ([\d.]+)/g)].map((m) => Number(m[2]));
    expect(new Set(ys).size).toBe(1);
    expect(layout.limits.usl.path).toBe('');
    expect(layout.limits.usl.latest).toBeNull();
  });

  it('leaves gaps where a limit is unknown (before the window has enough points)', () => {
    const none = { cl: null, ucl: null, lcl: null };
    const layout = layoutControlChart([point(10, none), point(10.1, none), point(10, { cl: 10.05 })], BOX);
    expect(layout.limits.cl.path.match(/M/g)).toHaveLength(1);
    expect(layout.limits.cl.path.startsWith('M85 ')).toBe(true);
    expect(layout.limits.cl.latest).toBe(10.05);
  });

  it('keeps only the newest maxPoints points', () => {
    const layout = layoutControlChart(
      Array.from({ length: 150 }, (_, i) => point(10 + i / 1000)),
      BOX,
      100,
    );
    expect(layout.points).toHaveLength(100);
    expect(layout.points[0]!.data.point).toBeCloseTo(10.05, 12);
  });
});

describe('time axis', () => {
  const at = (h: number, m: number, sec = 0) => new Date(2026, 11, 3, h, m, sec).getTime();

  it('places points by time when they have it, with local-time ticks for the range', () => {
    const layout = layoutControlChart(
      [point(10, { time: at(9, 0) }), point(10.1, { time: at(9, 1) }), point(10, { time: at(9, 4) })],
      { width: 410, height: 120, margin: { top: 10, right: 0, bottom: 10, left: 10 } },
    );
    // 4 minutes over 400 units: 100 per minute.
    expect(layout.points.map((p) => p.x)).toEqual([10, 110, 410]);
    expect(layout.timeRange).toEqual([at(9, 0), at(9, 4)]);
    // 400 units: room for 5 ticks, one a minute.
    expect(layout.xTicks.map((t) => t.label)).toEqual(['09:00', '09:01', '09:02', '09:03', '09:04']);
    expect(layout.xTicks[2]!.x).toBe(210);
  });

  it('falls back to the sequence without a time span', () => {
    const layout = layoutControlChart([point(10, { time: 5 }), point(10.1, { time: 5 }), point(10)], BOX);
    expect(layout.points.map((p) => p.x)).toEqual([10, 60, 110]);
    expect(layout.xTicks).toEqual([]);
  });

  it('chooses round steps: seconds, minutes, hours, days', () => {
    expect(timeTicks(at(9, 0, 3), at(9, 0, 47), 5).map((t) => t.label)).toEqual([
      '09:00:10',
      '09:00:20',
      '09:00:30',
      '09:00:40',
    ]);
    expect(timeTicks(at(8, 50), at(11, 10), 4).map((t) => t.label)).toEqual(['09:00', '10:00', '11:00']);
    expect(timeTicks(at(0, 0) - 3 * 86_400_000 + 1, at(0, 0), 5)).toHaveLength(3);
    expect(timeTicks(5, 5)).toEqual([]);
    // 1.5 s in room for 2 ticks: whole seconds could give one, so half seconds.
    expect(timeTicks(at(9, 0, 3) + 200, at(9, 0, 4) + 700, 2).map((t) => t.label)).toEqual([
      '09:00:03.5',
      '09:00:04.0',
      '09:00:04.5',
    ]);
  });

  it('formats a point time as the clock, with the date when not today', () => {
    expect(formatClock(at(14, 3, 22), at(18, 0))).toBe('14:03:22');
    expect(formatClock(at(14, 3, 22), at(18, 0) + 86_400_000)).toMatch(/^(3 Dec|Dec 3) 14:03:22$/);
  });
});

describe('formatting', () => {
  it('formats values, percentages and durations for labels', () => {
    expect(formatValue(10.30000001)).toBe('10.3');
    expect(formatValue(0.123456)).toBe('0.1235');
    expect(formatValue(null)).toBe('–');
    expect(formatPercent(0.6667)).toBe('66.7 %');
    expect(formatPercent(null)).toBe('–');
    expect(formatDuration(45_000)).toBe('45 s');
    expect(formatDuration(750_000)).toBe('12 min 30 s');
    expect(formatDuration(3_900_000)).toBe('1 h 05 min');
  });
});
