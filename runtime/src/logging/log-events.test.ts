import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { EventBus } from '../events/event-bus.js';
import { logRuntimeEvents } from './log-events.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines };
}

describe('logRuntimeEvents', () => {
  it('writes one JSON line per wanted event, with the event type and no duplicate keys', () => {
    const { logger, lines } = capture();
    const bus = new EventBus();
    const off = logRuntimeEvents(bus, logger, ['debug', 'error']);
    bus.emit({ type: 'debug', time: 5, flowId: 'f', nodeId: 'd', msgId: 'm', property: 'payload', value: 42 });
    bus.emit({ type: 'status', time: 6, flowId: 'f', nodeId: 'd', status: null });
    bus.emit({
      type: 'error',
      time: 7,
      flowId: 'f',
      nodeId: 'n',
      caught: false,
      error: { name: 'Error', code: 'boom', message: 'it broke', kind: 'user', retryable: false },
    });
    off();
    bus.emit({ type: 'debug', time: 8, flowId: 'f', nodeId: 'd', msgId: 'm2', property: 'payload', value: 1 });

    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line.match(/"time":/g)).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 30, event: 'debug', eventTime: 5, nodeId: 'd', value: 42 });
    expect(JSON.parse(lines[1]!)).toMatchObject({
      level: 50,
      event: 'error',
      msg: 'n: it broke',
      error: { code: 'boom' },
    });
  });
});
