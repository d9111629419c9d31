import type { ChartEvent } from '@millwright/model';

/** One stretch of the timeline: a state (and reason) from `start` for `ms`. */
export interface StateSpan {
  state: string;
  reason: string;
  start: number;
  ms: number;
}

/** A state value as `{ state, reason }` (text values are the state). */
export function readState(value: unknown): { state: string; reason: string } {
  if (typeof value === 'object' && value !== null)
    return { state: String(Reflect.get(value, 'state') ?? ''), reason: String(Reflect.get(value, 'reason') ?? '') };
  return { state: value === undefined || value === null ? '' : String(value), reason: '' };
}

/**
 * The states of the last `windowMs` up to `now` as spans, oldest first; a state repeated with the
 * same reason extends its span. The state before the window is cut at its start.
 */
export function stateSpans(events: readonly ChartEvent[], windowMs: number, now: number): StateSpan[] {
  const from = now - windowMs;
  const spans: StateSpan[] = [];
  const changes = events.filter((e) => e.kind === 'widget');
  changes.forEach((e, i) => {
    const end = i + 1 < changes.length ? changes[i + 1]!.time : now;
    if (end <= from) return;
    const start = Math.max(e.time, from);
    const { state, reason } = readState(e.kind === 'widget' ? e.data.value : undefined);
    const last = spans[spans.length - 1];
    if (last && last.state === state && last.reason === reason) last.ms = end - last.start;
    else spans.push({ state, reason, start, ms: end - start });
  });
  return spans;
}
