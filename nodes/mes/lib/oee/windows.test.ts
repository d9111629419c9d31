import { describe, expect, it } from 'vitest';
import { isTimeZone, windowAt, zonedTime, type WindowSpec } from './windows.js';

const iso = (t: number | undefined) => (t === undefined ? undefined : new Date(t).toISOString());
const at = (s: string) => Date.parse(s);
const THREE_SHIFTS: WindowSpec = {
  type: 'shift',
  timeZone: 'Europe/Berlin',
  shifts: [
    { name: 'early', start: '06:00', end: '14:00' },
    { name: 'late', start: '14:00', end: '22:00' },
    { name: 'night', start: '22:00', end: '06:00' },
  ],
};

describe('OEE windows', () => {
  it('finds the shift in the configured time zone (Berlin is UTC+2 in May)', () => {
    const w = windowAt(THREE_SHIFTS, at('2024-05-01T05:00:00Z'));
    expect([w?.name, iso(w?.start), iso(w?.end)]).toEqual([
      'early',
      '2024-05-01T04:00:00.000Z',
      '2024-05-01T12:00:00.000Z',
    ]);
    const late = windowAt(THREE_SHIFTS, at('2024-05-01T12:00:00Z'));
    expect([late?.name, iso(late?.start)]).toEqual(['late', '2024-05-01T12:00:00.000Z']);
  });

  it('a night shift crosses midnight, found from either day', () => {
    const before = windowAt(THREE_SHIFTS, at('2024-05-01T21:30:00Z'));
    const after = windowAt(THREE_SHIFTS, at('2024-05-02T02:00:00Z'));
    expect([before?.name, iso(before?.start), iso(before?.end)]).toEqual([
      'night',
      '2024-05-01T20:00:00.000Z',
      '2024-05-02T04:00:00.000Z',
    ]);
    expect(after).toEqual(before);
  });

  it('the night of the spring DST change (Berlin, 2024-03-31 02:00 → 03:00) lasts 7 hours', () => {
    const w = windowAt(THREE_SHIFTS, at('2024-03-31T00:30:00Z'));
    expect([iso(w?.start), iso(w?.end)]).toEqual(['2024-03-30T21:00:00.000Z', '2024-03-31T04:00:00.000Z']);
    expect(((w?.end ?? 0) - (w?.start ?? 0)) / 3_600_000).toBe(7);
  });

  it('between shifts there is no window; end is exclusive', () => {
    const day: WindowSpec = { type: 'shift', timeZone: 'UTC', shifts: [{ name: 'day', start: '06:00', end: '14:00' }] };
    expect(windowAt(day, at('2024-05-01T15:00:00Z'))).toBeNull();
    expect(windowAt(day, at('2024-05-01T14:00:00Z'))).toBeNull();
    expect(windowAt(day, at('2024-05-01T06:00:00Z'))?.name).toBe('day');
  });

  it('a shift whose end equals its start lasts 24 hours', () => {
    const allDay: WindowSpec = {
      type: 'shift',
      timeZone: 'UTC',
      shifts: [{ name: 'day', start: '06:00', end: '06:00' }],
    };
    const w = windowAt(allDay, at('2024-05-01T03:00:00Z'));
    expect([iso(w?.start), iso(w?.end)]).toEqual(['2024-04-30T06:00:00.000Z', '2024-05-01T06:00:00.000Z']);
  });

  it('wall-clock conversion in other zones (New York is UTC-4 in summer)', () => {
    expect(iso(zonedTime({ y: 2024, mo: 7, d: 4, h: 8, mi: 30 }, 'America/New_York'))).toBe('2024-07-04T12:30:00.000Z');
    expect(iso(zonedTime({ y: 2024, mo: 1, d: 32, h: 0, mi: 0 }, 'Asia/Kolkata'))).toBe('2024-01-31T18:30:00.000Z');
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });

  it('tumbling windows align to multiples of their length; rolling windows end now', () => {
    const t = at('2024-05-01T03:25:10Z');
    const tumbling = windowAt({ type: 'tumbling', lengthMs: 3_600_000 }, t);
    expect([iso(tumbling?.start), iso(tumbling?.end)]).toEqual([
      '2024-05-01T03:00:00.000Z',
      '2024-05-01T04:00:00.000Z',
    ]);
    expect(windowAt({ type: 'rolling', lengthMs: 600_000 }, t)).toEqual({ start: t - 600_000, end: t, name: null });
  });
});
