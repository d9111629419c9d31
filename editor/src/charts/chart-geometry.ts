import type { SpcChartData } from '@millwright/model';

/** Size of the control chart's drawing (SVG user units) and its margins for the axes. */
export interface ChartBox {
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
}

export const CONTROL_CHART_BOX: ChartBox = {
  width: 320,
  height: 200,
  margin: { top: 10, right: 34, bottom: 26, left: 44 },
};

/** Maps `[d0, d1]` onto `[r0, r1]`; a zero-width domain maps to the middle of the range. */
export function linearScale(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  if (d1 === d0) return () => (r0 + r1) / 2;
  const k = (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

type LimitKey = 'cl' | 'ucl' | 'lcl' | 'lsl' | 'usl';
const LIMIT_KEYS: readonly LimitKey[] = ['cl', 'ucl', 'lcl', 'lsl', 'usl'];

/**
 * The value axis: every point and every known limit fits, with 8 % headroom so the limit lines
 * do not sit on the frame. A single value gets a ±1 band.
 */
export function valueDomain(points: readonly SpcChartData[]): [number, number] {
  const values = points.flatMap((p) => [p.point, ...LIMIT_KEYS.map((k) => p[k])]);
  const finite = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (finite.length === 0) return [0, 1];
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  if (min === max) return [min - 1, max + 1];
  const pad = (max - min) * 0.08;
  return [min - pad, max + pad];
}

/** About `count` round tick values within `[min, max]` (steps of 1, 2 or 5 × 10^n). */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min) || count < 1) return [min];
  const raw = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  // The round step whose tick count comes closest to the wish.
  const step = [1, 2, 5, 10, 20]
    .map((m) => m * power)
    .reduce((best, s) => (Math.abs((max - min) / s - count) < Math.abs((max - min) / best - count) ? s : best));
  const ticks: number[] = [];
  // Rounding to the step's decimals keeps 0.30000000000000004 out of the labels.
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toFixed(decimals)));
  return ticks;
}

/** A plotted point with its position. */
export interface PlacedPoint {
  x: number;
  y: number;
  data: SpcChartData;
  violated: boolean;
}

/** Everything the control chart draws, in SVG units. */
export interface ControlChartLayout {
  points: PlacedPoint[];
  /** `M x y L x y ...` through every point. */
  line: string;
  /** Step lines of each limit over the points that have it (limits may move with the window). */
  limits: Record<LimitKey, { path: string; latest: number | null; y: number | null }>;
  yTicks: Array<{ value: number; y: number }>;
  domain: [number, number];
}

/** Lays out the newest `maxPoints` points of one characteristic, oldest left. */
export function layoutControlChart(
  all: readonly SpcChartData[],
  box: ChartBox = CONTROL_CHART_BOX,
  maxPoints = 100,
): ControlChartLayout {
  const data = all.slice(-maxPoints);
  const { width, height, margin } = box;
  const domain = valueDomain(data);
  const y = linearScale(domain[0], domain[1], height - margin.bottom, margin.top);
  const x = linearScale(0, Math.max(1, data.length - 1), margin.left, width - margin.right);
  const points = data.map((d, i) => ({ x: x(i), y: y(d.point), data: d, violated: d.violations.length > 0 }));
  const line = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${fmt(p.x)} ${fmt(p.y)}`).join(' ');
  const limit = (key: LimitKey) => {
    let path = '';
    let prev: number | null = null;
    points.forEach((p, i) => {
      const v = p.data[key];
      if (v === null) {
        prev = null;
        return;
      }
      // Each point owns the span half-way to its neighbours, so a one-point limit still shows.
      const left = i === 0 ? margin.left : (points[i - 1]!.x + p.x) / 2;
      const right = i === points.length - 1 ? width - margin.right : (p.x + points[i + 1]!.x) / 2;
      path += `${prev === null ? 'M' : 'L'}${fmt(left)} ${fmt(y(v))} L${fmt(right)} ${fmt(y(v))} `;
      prev = v;
    });
    const latest = [...data].reverse().find((d) => d[key] !== null)?.[key] ?? null;
    return { path: path.trim(), latest, y: latest === null ? null : y(latest) };
  };
  const limits = { cl: limit('cl'), ucl: limit('ucl'), lcl: limit('lcl'), lsl: limit('lsl'), usl: limit('usl') };
  const yTicks = niceTicks(domain[0], domain[1], 5).map((value) => ({ value, y: y(value) }));
  return { points, line, limits, yTicks, domain };
}

/** A number for a chart label: up to 4 significant decimals, no trailing zeros. */
export function formatValue(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  const abs = Math.abs(v);
  const digits = abs >= 1000 ? 0 : abs >= 100 ? 1 : abs >= 1 ? 3 : 4;
  return String(Number(v.toFixed(digits)));
}

/** A 0..1 factor as a percentage with one decimal, `–` when unknown. */
export function formatPercent(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  return `${(v * 100).toFixed(1)} %`;
}

/** Milliseconds as `1 h 05 min`, `12 min 30 s` or `45 s`. */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min${s % 60 ? ` ${String(s % 60).padStart(2, '0')} s` : ''}`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

function fmt(v: number): string {
  return String(Math.round(v * 100) / 100);
}
