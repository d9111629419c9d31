import { Writable } from 'node:stream';
import { make_errorLog, make_warningLog } from 'node-opcua-debug';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { OPCUA_REPEAT_LIMIT, routeProcessOutput } from './process-output.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines, parsed: () => lines.map((l) => JSON.parse(l)) };
}

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

describe('routeProcessOutput', () => {
  it('writes node-opcua warnings and errors as JSON lines with their source file and line', async () => {
    const { logger, parsed } = capture();
    restore = await routeProcessOutput(logger);
    make_warningLog('test')('[NODE-OPCUA-W27]', 'node version', 'v24');
    make_errorLog('test')('cannot connect to %s', 'opc.tcp://plc:4840');
    expect(parsed()).toEqual([
      expect.objectContaining({
        level: 40,
        source: 'node-opcua',
        file: 'process-output.test',
        line: expect.any(Number),
        msg: '[NODE-OPCUA-W27] node version v24',
      }),
      expect.objectContaining({ level: 50, source: 'node-opcua', msg: 'cannot connect to opc.tcp://plc:4840' }),
    ]);
  });

  it('stops logging a node-opcua line after the repeat limit, saying so once', async () => {
    const { logger, parsed } = capture();
    restore = await routeProcessOutput(logger);
    const warn = make_warningLog('test');
    for (let i = 0; i < OPCUA_REPEAT_LIMIT + 20; i++) warn('reconnecting', i);
    const lines = parsed();
    expect(lines).toHaveLength(OPCUA_REPEAT_LIMIT + 1);
    expect(lines.at(-1)).toMatchObject({ suppressed: true, msg: expect.stringContaining('no more messages') });
  });

  it('turns console output into JSON lines at the matching level, without colour codes, until restored', async () => {
    const { logger, parsed } = capture();
    const original = console.log;
    restore = await routeProcessOutput(logger);
    console.log('plain %s', 'text', { a: 1 });
    console.warn('\u001b[31mred\u001b[39m warning');
    console.error(new Error('boom'));
    console.dir({ deep: { value: 1 } });
    restore();
    expect(console.log).toBe(original);
    const lines = parsed();
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatchObject({ level: 30, source: 'console', msg: 'plain text { a: 1 }' });
    expect(lines[1]).toMatchObject({ level: 40, msg: 'red warning' });
    expect(lines[2]).toMatchObject({ level: 50, msg: expect.stringMatching(/^Error: boom\n\s+at /) });
    expect(lines[3]).toMatchObject({ level: 30, msg: '{ deep: { value: 1 } }' });
  });

  it('replaces an earlier installation instead of stacking on it', async () => {
    const first = capture();
    const second = capture();
    await routeProcessOutput(first.logger);
    restore = await routeProcessOutput(second.logger);
    console.info('once');
    make_warningLog('test')('opcua once');
    expect(first.lines).toHaveLength(0);
    expect(second.parsed().map((l) => l.msg)).toEqual(['once', 'opcua once']);
  });
});
