import type { ChartKind, ChartPayload } from '@millwright/model';

/** Default minimum gap between two chart events of one node and kind: at most 10 per second. */
export const CHART_INTERVAL_MS = 100;

/**
 * Rate-limits one node's chart data: the first point of a quiet period goes out at once, points
 * arriving within `intervalMs` of the last emitted one coalesce to the newest, which goes out when
 * the interval has passed. A node at 1,000 points/s thus costs 10 events/s, and the chart still
 * shows the latest state. Internal to the engine.
 */
export class ChartThrottle {
  private readonly last = new Map<ChartKind, number>();
  private readonly pending = new Map<ChartKind, { time: number; payload: ChartPayload }>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly intervalMs: number;
  private readonly now: () => number;
  private readonly emit: (payload: ChartPayload, time: number) => void;

  constructor(options: {
    emit: (payload: ChartPayload, time: number) => void;
    intervalMs?: number;
    now?: () => number;
  }) {
    this.emit = options.emit;
    this.intervalMs = options.intervalMs ?? CHART_INTERVAL_MS;
    this.now = options.now ?? Date.now;
  }

  push(payload: ChartPayload): void {
    const now = this.now();
    const last = this.last.get(payload.kind);
    if (last === undefined || now - last >= this.intervalMs) {
      this.pending.delete(payload.kind);
      this.send(payload, now);
      return;
    }
    this.pending.set(payload.kind, { time: now, payload });
    this.timer ??= setTimeout(() => this.due(), last + this.intervalMs - now);
  }

  /** Sends what is pending now (the node is closing) and stops the timer. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) this.send(p.payload, p.time);
  }

  private due(): void {
    this.timer = undefined;
    const now = this.now();
    let next: number | undefined;
    for (const [kind, p] of [...this.pending]) {
      const wait = (this.last.get(kind) ?? 0) + this.intervalMs - now;
      if (wait > 0) {
        next = Math.min(next ?? wait, wait);
        continue;
      }
      this.pending.delete(kind);
      this.send(p.payload, p.time);
    }
    if (next !== undefined) this.timer = setTimeout(() => this.due(), next);
  }

  private send(payload: ChartPayload, time: number): void {
    this.last.set(payload.kind, this.now());
    this.emit(payload, time);
  }
}
