import type { RuntimeEvent, RuntimeEventType } from '@millwright/model';
import { pino, type DestinationStream, type Logger } from 'pino';
import type { EventBus } from '../events/event-bus.js';

/** Event types the runtime logs by default; headless runs add `debug` so plants can ship node output. */
export const DEFAULT_LOGGED_EVENTS: readonly RuntimeEventType[] = ['error', 'log', 'flow-state', 'deploy'];

/**
 * Log paths whose values are replaced by `[redacted]`: passwords, tokens, Authorization headers
 * and credentials, at the top level and one or two levels down (pino paths do not recurse).
 */
const REDACTED_PATHS: readonly string[] = ['password', 'token', 'authorization', 'credentials', 'apiKey'].flatMap(
  (key) => [key, `*.${key}`, `*.*.${key}`],
);

/**
 * The runtime's JSON logger (pino, to stdout unless `destination` is given) with
 * `REDACTED_PATHS` censored. `MILLWRIGHT_LOG_LEVEL` sets the level (default `info`).
 */
export function createLogger(
  level = process.env['MILLWRIGHT_LOG_LEVEL'] ?? 'info',
  destination?: DestinationStream,
): Logger {
  const options = {
    level,
    base: { pid: process.pid },
    name: 'millwright',
    redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * Logs runtime events of the given types, one JSON line each with `event` set to the event type
 * and the event's own `time` as `eventTime` (e.g. `{ "event": "debug", "nodeId": ..., "value": ... }`).
 * Returns the unsubscribe function.
 */
export function logRuntimeEvents(bus: EventBus, logger: Logger, types: readonly RuntimeEventType[]): () => void {
  const wanted = new Set(types);
  return bus.on((e) => {
    if (!wanted.has(e.type)) return;
    // pino writes its own `time`; the event's time becomes `eventTime` so no key appears twice.
    const { type, time, ...fields } = e;
    const line = { event: type, eventTime: time, ...fields };
    switch (e.type) {
      case 'error':
        return logger.error(line, `${e.nodeId ?? e.flowId}: ${e.error.message}`);
      case 'log':
        return logger[e.level](line, e.message);
      case 'flow-state':
        return (e.state === 'crashed' ? logger.error : logger.info).call(logger, line, describeState(e));
      case 'debug':
        return logger.info(line, 'debug');
      case 'status':
        return logger.debug(line, 'status');
      case 'deploy':
        return logger.info(line, `deployed revision ${e.revision} (${e.mode})`);
    }
  });
}

function describeState(e: Extract<RuntimeEvent, { type: 'flow-state' }>): string {
  return `flow ${e.flowId} ${e.state}${e.detail ? `: ${e.detail}` : ''}`;
}
