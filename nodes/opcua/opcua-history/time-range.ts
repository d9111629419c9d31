import { UserError } from '@millwright/model';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const RELATIVE = /^([+-])\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)$/;

/**
 * A point in time from config or message: a Date, epoch milliseconds, `now`, a time relative to
 * now (`-1h`, `-15m`, `+30s`, `-2d`; units ms s m h d w) or an ISO 8601 string. Undefined when
 * the value is none of these.
 */
export function parseTime(value: unknown, now: Date): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value === 'number') return Number.isFinite(value) ? new Date(value) : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text === 'now') return now;
  const rel = RELATIVE.exec(text);
  if (rel) {
    const ms = Number(rel[2]) * (UNIT_MS[rel[3] ?? 's'] ?? 1000);
    return new Date(now.getTime() + (rel[1] === '-' ? -ms : ms));
  }
  // Only date-like strings: Date.parse also takes '1' or 'March' on some engines.
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return undefined;
  const t = Date.parse(text);
  return Number.isNaN(t) ? undefined : new Date(t);
}

/** The start and end of a read; UserError `opcua_history_time_invalid` for a bad value or order. */
export function timeRange(start: unknown, end: unknown, now = new Date()): { start: Date; end: Date } {
  const bad = (why: string) => new UserError('opcua_history_time_invalid', why);
  const s = parseTime(start, now);
  if (!s) throw bad(`start ${JSON.stringify(start)} is not a time (ISO 8601, epoch ms, now, or relative like -1h)`);
  const e = parseTime(end, now);
  if (!e) throw bad(`end ${JSON.stringify(end)} is not a time (ISO 8601, epoch ms, now, or relative like -1h)`);
  if (s.getTime() > e.getTime()) throw bad(`start ${s.toISOString()} is after end ${e.toISOString()}`);
  return { start: s, end: e };
}
