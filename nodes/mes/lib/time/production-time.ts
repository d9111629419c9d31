import { showValue, UserError, type FlowMessage } from '@millwright/model';
import { getMsgPath } from '@millwright/sdk';

/** Where a value's production time came from. */
export type TimeSource = 'property' | 'opcua' | 'sparkplug' | 'arrival';

/** The production time of a message: epoch ms and where it came from. */
export interface ProductionTime {
  at: number;
  source: TimeSource;
}

/**
 * Source timestamps other nodes attach: opcua-subscribe / opcua-read (`msg.opcua.sourceTimestamp`,
 * the PLC's time of the value) and sparkplug-in (`msg.sparkplug.timestamp`, the edge node's time of
 * the payload, which is also the time of historical data sent after an outage).
 */
export const SOURCE_TIMESTAMPS: ReadonlyArray<{ source: TimeSource; path: string }> = [
  { source: 'opcua', path: 'opcua.sourceTimestamp' },
  { source: 'sparkplug', path: 'sparkplug.timestamp' },
];

/**
 * The time a value was produced: `property` when configured, else the source timestamp of
 * {@link SOURCE_TIMESTAMPS}, else `arrival` (the clock now). Dates, epoch ms and ISO 8601
 * strings are accepted.
 * @throws UserError `invalid_timestamp` when the configured property is missing or the time cannot
 *   be read, `future_timestamp` when it is more than `maxFutureMs` ahead of `now`.
 */
export function productionTime(
  msg: FlowMessage,
  options: { property: string; now: number; maxFutureMs: number },
): ProductionTime {
  const { property, now } = options;
  let found: { source: TimeSource; path: string; raw: unknown } | undefined;
  if (property) {
    const raw = getMsgPath(msg, property);
    if (raw === undefined || raw === null)
      throw new UserError('invalid_timestamp', `the message has no ${property} (its production time)`);
    found = { source: 'property', path: property, raw };
  } else
    for (const s of SOURCE_TIMESTAMPS) {
      const raw = getMsgPath(msg, s.path);
      if (raw !== undefined && raw !== null) {
        found = { ...s, raw };
        break;
      }
    }
  if (!found) return { at: now, source: 'arrival' };
  return {
    at: checkTime({ raw: found.raw, path: found.path, now, maxFutureMs: options.maxFutureMs }),
    source: found.source,
  };
}

/**
 * Epoch ms of a time value read from `path`.
 * @throws UserError `invalid_timestamp` (not a time) or `future_timestamp` (more than `maxFutureMs` ahead of `now`).
 */
export function checkTime(args: { raw: unknown; path: string; now: number; maxFutureMs: number }): number {
  const { raw, path, now, maxFutureMs } = args;
  const at = toEpochMs(raw);
  if (at === undefined)
    throw new UserError(
      'invalid_timestamp',
      `${path} must be a date, epoch milliseconds or an ISO 8601 time, got ${showValue(raw)}`,
    );
  if (at > now + maxFutureMs)
    throw new UserError(
      'future_timestamp',
      `${path} ${new Date(at).toISOString()} is ${Math.round((at - now) / 1000)} s ahead of this clock (at most ${maxFutureMs / 1000} s allowed)`,
    );
  return at;
}

/** Epoch ms of a Date, a finite number or a date string; undefined for anything else. */
function toEpochMs(raw: unknown): number | undefined {
  let t: number;
  if (raw instanceof Date) t = raw.getTime();
  else if (typeof raw === 'number') t = raw;
  else if (typeof raw === 'bigint') t = Number(raw);
  // A plain number in a string is not a date format Date.parse knows reliably: refuse it.
  else if (typeof raw === 'string' && /^\d{4}-\d\d-\d\d/.test(raw)) t = Date.parse(raw);
  else return undefined;
  return Number.isFinite(t) && Math.abs(t) <= 8.64e15 ? t : undefined;
}
