import { describe, expect, it } from 'vitest';
import { parseTime, timeRange } from './time-range.js';

const now = new Date('2026-12-03T12:00:00Z');

describe('history time range', () => {
  it.each([
    ['now', '2026-12-03T12:00:00.000Z'],
    ['-1h', '2026-12-03T11:00:00.000Z'],
    ['-15m', '2026-12-03T11:45:00.000Z'],
    ['- 2d', '2026-12-01T12:00:00.000Z'],
    ['+30s', '2026-12-03T12:00:30.000Z'],
    ['-1.5h', '2026-12-03T10:30:00.000Z'],
    ['-1w', '2026-11-26T12:00:00.000Z'],
    ['2026-12-03T08:00:00Z', '2026-12-03T08:00:00.000Z'],
    [Date.parse('2026-12-03T09:00:00Z'), '2026-12-03T09:00:00.000Z'],
  ])('reads %j', (value, iso) => {
    expect(parseTime(value, now)?.toISOString()).toBe(iso);
  });

  it.each(['yesterday', '1', '-1y', '', 'March 3', Number.NaN, null])('refuses %j', (value) => {
    expect(parseTime(value, now)).toBeUndefined();
  });

  it('raises opcua_history_time_invalid for a bad time or a start after the end', () => {
    expect(timeRange('-2h', '-1h', now)).toEqual({
      start: new Date('2026-12-03T10:00:00Z'),
      end: new Date('2026-12-03T11:00:00Z'),
    });
    expect(() => timeRange('now', '-1h', now)).toThrow(/start 2026-12-03T12:00:00.000Z is after end/);
    expect(() => timeRange('soon', 'now', now)).toThrow(
      expect.objectContaining({ code: 'opcua_history_time_invalid', kind: 'user' }),
    );
  });
});
