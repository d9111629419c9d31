import type { ChartEvent } from '@millwright/model';

/** Events kept per widget in the page, as many as the runtime keeps (CHART_HISTORY_SIZE). */
export const WIDGET_HISTORY = 200;
const EMPTY: readonly ChartEvent[] = [];

/**
 * The page's chart events per node, outside React: each widget subscribes to its own node, so a
 * frame with one widget's value re-renders that widget only, and at most once per animation frame
 * (50 widgets at 10 Hz stay cheap). Live events arrive in order after the history, so they are
 * appended; the socket opens after the history is read, so nothing arrives twice.
 */
export class WidgetStore {
  private readonly byNode = new Map<string, readonly ChartEvent[]>();
  private readonly listeners = new Map<string, Set<() => void>>();
  private readonly dirty = new Set<string>();
  private frame: number | undefined;

  /** Replaces everything with a page's history (on open and after a reconnect). */
  reset(history: Record<string, ChartEvent[]>): void {
    this.byNode.clear();
    for (const [id, events] of Object.entries(history)) this.byNode.set(id, events.slice(-WIDGET_HISTORY));
    for (const set of this.listeners.values()) for (const fn of set) fn();
  }

  /** Adds live events; only nodes of the page (those in the history) are kept. */
  push(events: readonly ChartEvent[]): void {
    const touched = new Map<string, ChartEvent[]>();
    for (const e of events) {
      if (!this.byNode.has(e.nodeId)) continue;
      let list = touched.get(e.nodeId);
      if (!list) touched.set(e.nodeId, (list = []));
      list.push(e);
    }
    for (const [id, added] of touched) {
      const list = [...(this.byNode.get(id) ?? []), ...added];
      this.byNode.set(id, list.length > WIDGET_HISTORY ? list.slice(list.length - WIDGET_HISTORY) : list);
      this.dirty.add(id);
    }
    if (this.dirty.size && this.frame === undefined) this.frame = requestAnimationFrame(() => this.notify());
  }

  private notify(): void {
    this.frame = undefined;
    const ids = [...this.dirty];
    this.dirty.clear();
    for (const id of ids) for (const fn of this.listeners.get(id) ?? []) fn();
  }

  events(id: string): readonly ChartEvent[] {
    return this.byNode.get(id) ?? EMPTY;
  }

  subscribe(id: string, fn: () => void): () => void {
    let set = this.listeners.get(id);
    if (!set) this.listeners.set(id, (set = new Set()));
    set.add(fn);
    return () => set.delete(fn);
  }
}
