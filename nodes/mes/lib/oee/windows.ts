/** A shift of the calendar: local wall-clock times `HH:MM`; an end at or before the start crosses midnight. */
export interface Shift {
  name: string;
  start: string;
  end: string;
}

/** How OEE windows are cut. */
export type WindowSpec =
  | { type: 'shift'; shifts: readonly Shift[]; timeZone: string }
  | { type: 'rolling'; lengthMs: number }
  | { type: 'tumbling'; lengthMs: number };

/** A window in epoch milliseconds, [start, end). */
export interface TimeWindow {
  start: number;
  end: number;
  name: string | null;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether `timeZone` is an IANA zone this runtime knows (e.g. `Europe/Berlin`). */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Wall-clock fields of instant `t` in `timeZone`. */
function wallClock(t: number, timeZone: string) {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(t)))
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const n = (k: string) => parts[k] ?? 0;
  return { y: n('year'), mo: n('month'), d: n('day'), h: n('hour'), mi: n('minute'), s: n('second') };
}

/** Offset of `timeZone` from UTC at instant `t`, in ms (local - UTC). */
export function zoneOffset(t: number, timeZone: string): number {
  const w = wallClock(t, timeZone);
  return Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s) - Math.floor(t / 1000) * 1000;
}

/**
 * The instant of a local wall-clock time in `timeZone`. Day overflow is fine (day 32 is the next
 * month). A time inside a DST gap lands on the instant the offset before the gap gives.
 */
export function zonedTime(args: { y: number; mo: number; d: number; h: number; mi: number }, timeZone: string): number {
  const guess = Date.UTC(args.y, args.mo - 1, args.d, args.h, args.mi);
  const first = guess - zoneOffset(guess, timeZone);
  const second = guess - zoneOffset(first, timeZone);
  return second;
}

const hm = (s: string): [number, number] => {
  const [h, m] = s.split(':').map(Number);
  return [h ?? 0, m ?? 0];
};

/** The shift occurrence containing `t`, or null between shifts. The first matching shift wins. */
function shiftAt(t: number, shifts: readonly Shift[], timeZone: string): TimeWindow | null {
  const today = wallClock(t, timeZone);
  for (const offset of [-1, 0]) {
    for (const s of shifts) {
      const [sh, sm] = hm(s.start);
      const [eh, em] = hm(s.end);
      const day = { y: today.y, mo: today.mo, d: today.d + offset };
      const start = zonedTime({ ...day, h: sh, mi: sm }, timeZone);
      const crosses = eh * 60 + em <= sh * 60 + sm;
      const end = zonedTime({ ...day, d: day.d + (crosses ? 1 : 0), h: eh, mi: em }, timeZone);
      if (start <= t && t < end) return { start, end, name: s.name };
    }
  }
  return null;
}

/**
 * The window containing instant `t`: the shift occurrence (null between shifts), the rolling window
 * ending at `t`, or the tumbling interval (aligned to multiples of its length since the Unix epoch,
 * i.e. to UTC hours and days).
 */
export function windowAt(spec: WindowSpec, t: number): TimeWindow | null {
  switch (spec.type) {
    case 'rolling':
      return { start: t - spec.lengthMs, end: t, name: null };
    case 'tumbling': {
      const start = Math.floor(t / spec.lengthMs) * spec.lengthMs;
      return { start, end: start + spec.lengthMs, name: null };
    }
    case 'shift':
      return shiftAt(t, spec.shifts, spec.timeZone);
  }
}
