import type { ChartEvent, OeeChartData } from '@millwright/model';
import type { SpcPoint } from './chart-geometry.js';

/** Chart events kept per node in the editor (the control chart shows up to this many points). */
export const MAX_CHART_EVENTS = 100;

/** Appends live events to their nodes' lists (newest last, trimmed). Pure; copies only what changes. */
export function appendChartEvents(
  charts: ReadonlyMap<string, readonly ChartEvent[]>,
  events: readonly ChartEvent[],
  max = MAX_CHART_EVENTS,
): ReadonlyMap<string, readonly ChartEvent[]> {
  if (events.length === 0) return charts;
  const next = new Map(charts);
  for (const e of events) {
    const list = [...(next.get(e.nodeId) ?? []), e];
    next.set(e.nodeId, list.length > max ? list.slice(list.length - max) : list);
  }
  return next;
}

/**
 * The snapshot from `GET /api/charts/:nodeId` and the live events received meanwhile as one
 * list: duplicates (the same event in both) once, ordered by time, the newest `max` kept.
 */
export function mergeChartEvents(
  snapshot: readonly ChartEvent[],
  live: readonly ChartEvent[],
  max = MAX_CHART_EVENTS,
): ChartEvent[] {
  const seen = new Set<string>();
  const merged: ChartEvent[] = [];
  for (const e of [...snapshot, ...live]) {
    const key = `${e.kind}:${e.time}:${e.kind === 'spc' ? `${e.data.characteristic}:${e.data.point}` : ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    merged.push(e);
  }
  merged.sort((a, b) => a.time - b.time);
  return merged.length > max ? merged.slice(merged.length - max) : merged;
}

/** Characteristics that have points, in order of first appearance. */
export function characteristicsOf(events: readonly ChartEvent[]): string[] {
  const names = new Set<string>();
  for (const e of events) if (e.kind === 'spc') names.add(e.data.characteristic);
  return [...names];
}

/** The control chart points of one characteristic, oldest first, with the time each was published. */
export function spcPoints(events: readonly ChartEvent[], characteristic: string): SpcPoint[] {
  return events.flatMap((e) =>
    e.kind === 'spc' && e.data.characteristic === characteristic ? [{ ...e.data, time: e.time }] : [],
  );
}

/** The newest OEE record, if any. */
export function latestOee(events: readonly ChartEvent[]): OeeChartData | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (e?.kind === 'oee') return e.data;
  }
  return undefined;
}

/** Which chart the editor draws for a node type, if any (dashboard widgets draw on their page). */
export function chartKindOf(nodeType: string | undefined): 'spc' | 'oee' | undefined {
  return nodeType === 'quality-check' ? 'spc' : nodeType === 'oee' ? 'oee' : undefined;
}
