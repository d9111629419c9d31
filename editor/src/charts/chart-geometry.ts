import type { SpcChartData } from '@millwright/model';

/** Size of the control chart's drawing (SVG user units) and its margins for the axes. */
export interface ChartBox {
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
}

export const CONTROL_CHART_BOX: ChartBox = {
  width: 320,
  height: 240,
  margin: { top: 10, right: 34, bottom: 34, left: 48 },
};

/** A control chart point and when the runtime published it (epoch ms; absent in older data). */
export type SpcPoint = SpcChartData & { time?: number };

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
  data: SpcPoint;
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
  /** Time ticks with their labels (local time); empty when the points have no time span. */
  xTicks: Array<{ time: number; x: number; label: string }>;
  domain: [number, number];
  /** The points' time range, when they are placed by time. */
  timeRange: [number, number] | undefined;
}

/**
 * Lays out the newest `maxPoints` points of one characteristic, oldest left: by their time when
 * every point has one and they span some time (a time axis), else evenly by sequence. Tick counts
 * follow the box, about one value tick per 40 units and one time tick per 70 (at least 3).
 */
export function layoutControlChart(
  all: readonly SpcPoint[],
  box: ChartBox = CONTROL_CHART_BOX,
  maxPoints = 100,
): ControlChartLayout {
  const data = all.slice(-maxPoints);
  const { width, height, margin } = box;
  const domain = valueDomain(data);
  const y = linearScale(domain[0], domain[1], height - margin.bottom, margin.top);
  const times = data.map((d) => d.time);
  const t0 = times[0];
  const t1 = times[times.length - 1];
  const timed = t0 !== undefined && t1 !== undefined && t1 > t0 && times.every((t) => t !== undefined);
  const byIndex = linearScale(0, Math.max(1, data.length - 1), margin.left, width - margin.right);
  const byTime = timed ? linearScale(t0, t1, margin.left, width - margin.right) : undefined;
  const x = (d: SpcPoint, i: number) => (byTime && d.time !== undefined ? byTime(d.time) : byIndex(i));
  const points = data.map((d, i) => ({ x: x(d, i), y: y(d.point), data: d, violated: d.violations.length > 0 }));
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
  const plotHeight = height - margin.top - margin.bottom;
  const plotWidth = width - margin.left - margin.right;
  const yTicks = niceTicks(domain[0], domain[1], Math.max(3, Math.round(plotHeight / 40))).map((value) => ({
    value,
    y: y(value),
  }));
  const xTicks =
    byTime && timed
      ? timeTicks(t0, t1, Math.max(3, Math.floor(plotWidth / 70))).map((t) => ({
          time: t.time,
          x: byTime(t.time),
          label: t.label,
        }))
      : [];
  return { points, line, limits, yTicks, xTicks, domain, timeRange: timed ? [t0, t1] : undefined };
}

/** Tick steps of a time axis (ms): sub-second to a week. */
const TIME_STEPS = [
  100, 200, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000,
  3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000, 172_800_000, 604_800_000,
];

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * At most `count` round local-time ticks within `[t0, t1]` (epoch ms), labelled `HH:MM:SS` below a
 * minute's step, `HH:MM` below a day's, else the date (`3 Dec`). Ticks sit on whole local
 * seconds, minutes, hours or days.
 */
export function timeTicks(t0: number, t1: number, count = 5): Array<{ time: number; label: string }> {
  if (!(t1 > t0) || count < 1) return [];
  let index = TIME_STEPS.findIndex((s) => (t1 - t0) / s <= count);
  if (index < 0) index = TIME_STEPS.length - 1;
  let ticks = ticksOf(t0, t1, TIME_STEPS[index]!);
  // A span just over one step can hold a single tick: one step finer gives the axis a second.
  if (ticks.length < 2 && index > 0) ticks = ticksOf(t0, t1, TIME_STEPS[index - 1]!);
  return ticks;
}

function ticksOf(t0: number, t1: number, step: number): Array<{ time: number; label: string }> {
  // Local time is UTC plus the zone's offset: align ticks in local time.
  const offset = -new Date(t0).getTimezoneOffset() * 60_000;
  const ticks: Array<{ time: number; label: string }> = [];
  for (let local = Math.ceil((t0 + offset) / step) * step; local - offset <= t1; local += step) {
    const time = local - offset;
    const d = new Date(time);
    const clock = `${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
    const label =
      step >= 86_400_000
        ? d.toLocaleDateString(undefined, { day: 'numeric', month: 'short' })
        : step >= 60_000
          ? clock
          : step >= 1_000
            ? `${clock}:${pad2(d.getSeconds())}`
            : `${clock}:${pad2(d.getSeconds())}.${Math.floor(d.getMilliseconds() / 100)}`;
    ticks.push({ time, label });
  }
  return ticks;
}

/** A point's time for a list or tooltip: local `HH:MM:SS`, with the date when not today. */
export function formatClock(time: number, now = Date.now()): string {
  const d = new Date(time);
  const clock = `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
  return d.toDateString() === new Date(now).toDateString()
    ? clock
    : `${d.toLocaleDateString(undefined, { day: 'numeric', month: 'short' })} ${clock}`;
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
