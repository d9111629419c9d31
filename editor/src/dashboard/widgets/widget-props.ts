import type { ChartEvent, DashboardWidgetInfo } from '@millwright/model';
import { useCallback, useSyncExternalStore } from 'react';
import type { WidgetStore } from '../widget-store.js';

/** What every widget component gets. */
export interface WidgetProps {
  widget: DashboardWidgetInfo;
  store: WidgetStore;
  /** Sends an operator input; resolves with the faults the widget found (empty: taken). */
  send: (value: unknown) => Promise<Array<{ field: string; message: string }>>;
  canInput: boolean;
}

/** The kept events of one node, re-rendering only when that node gets new ones. */
export function useNodeEvents(store: WidgetStore, nodeId: string): readonly ChartEvent[] {
  const subscribe = useCallback((fn: () => void) => store.subscribe(nodeId, fn), [store, nodeId]);
  return useSyncExternalStore(subscribe, () => store.events(nodeId));
}

/** The newest value a display widget received, or undefined. */
export function latestValue(events: readonly ChartEvent[]): unknown {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (e?.kind === 'widget') return e.data.value;
  }
  return undefined;
}

/** Config helpers: typed reads of the widget's (schema-checked) config. */
export const cfg = {
  str: (w: DashboardWidgetInfo, key: string, fallback = ''): string =>
    typeof w.config[key] === 'string' ? w.config[key] : fallback,
  num: (w: DashboardWidgetInfo, key: string, fallback: number): number =>
    typeof w.config[key] === 'number' ? w.config[key] : fallback,
  list: (w: DashboardWidgetInfo, key: string): Array<Record<string, unknown>> => {
    const v = w.config[key];
    return Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null) : [];
  },
};

const LEVELS = ['ok', 'warning', 'alarm', 'idle', 'none'] as const;
export type Level = (typeof LEVELS)[number];

/** A level named in config, `none` for anything else. */
export function toLevel(v: unknown): Level {
  return LEVELS.find((l) => l === v) ?? 'none';
}

/** The band a number falls in: the last threshold whose `from` it reaches. */
export function levelOf(value: unknown, thresholds: Array<Record<string, unknown>>): Level {
  if (typeof value !== 'number') return 'none';
  let level: Level = 'none';
  const sorted = [...thresholds].sort((a, b) => Number(a['from']) - Number(b['from']));
  for (const t of sorted) if (value >= Number(t['from'])) level = toLevel(t['level']);
  return level;
}

/** A number with fixed decimals (when set), text as it is, `–` for nothing. */
export function formatShown(value: unknown, decimals?: number): string {
  if (value === undefined || value === null) return '–';
  if (typeof value === 'number')
    return decimals === undefined ? String(Number(value.toFixed(4))) : value.toFixed(decimals);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
