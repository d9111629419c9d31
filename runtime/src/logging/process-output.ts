import { formatWithOptions, inspect, stripVTControlCharacters } from 'node:util';
import type * as OpcuaDebug from 'node-opcua-debug';
import type { Logger } from 'pino';

/** Messages logged per node-opcua source line before the rest are dropped (node-opcua's own limit). */
export const OPCUA_REPEAT_LIMIT = 100;

/** The `console` methods the guard replaces, with the log level each writes at. */
const CONSOLE_LEVELS = {
  log: 'info',
  info: 'info',
  dir: 'info',
  debug: 'debug',
  trace: 'debug',
  warn: 'warn',
  error: 'error',
} as const;
type ConsoleMethod = keyof typeof CONSOLE_LEVELS;
type OpcuaLevel = 'error' | 'warn' | 'debug' | 'trace';

/** Where node-opcua's messages go; undefined: plain text through `console.log`, as node-opcua does. */
let opcuaTarget: Logger | undefined;
let opcuaHooked: Promise<void> | undefined;
let restoreInstalled: (() => void) | undefined;

/**
 * Makes this process write JSON log lines only. Call it once per runtime process (`millwright
 * start` and `run`, each flow child process or worker) before the OPC UA stack or the demo plant loads.
 *
 * - node-opcua's loggers (`[NODE-OPCUA-W27] ...`, `Creating default certificate ...`, which it
 *   prints as coloured text with `console.log`) write through `logger` instead, as
 *   `{ "source": "node-opcua", "file", "line", "msg" }` at error, warn, debug or trace level, at
 *   most {@link OPCUA_REPEAT_LIMIT} times per source line.
 * - Last resort: `console.log/info/debug/trace/dir/warn/error` of any other library become
 *   `{ "source": "console", "msg" }` lines at the matching level.
 *
 * Calling it again replaces the previous installation. Resolves with a function that restores
 * `console` and node-opcua's plain-text output (for tests).
 */
export async function routeProcessOutput(logger: Logger): Promise<() => void> {
  restoreInstalled?.();
  const restoreConsole = wrapConsole(logger.child({ source: 'console' }));
  opcuaTarget = logger.child({ source: 'node-opcua' });
  opcuaHooked ??= hookOpcuaLoggers();
  await opcuaHooked;
  const restore = (): void => {
    if (restoreInstalled !== restore) return;
    restoreInstalled = undefined;
    opcuaTarget = undefined;
    restoreConsole();
  };
  restoreInstalled = restore;
  return restore;
}

function wrapConsole(log: Logger): () => void {
  const methods = Object.keys(CONSOLE_LEVELS) as ConsoleMethod[];
  const originals = Object.fromEntries(methods.map((m) => [m, console[m]]));
  for (const method of methods) {
    const level = CONSOLE_LEVELS[method];
    console[method] = (...args: unknown[]): void => {
      const text = method === 'dir' ? inspect(args[0], { depth: 4 }) : formatWithOptions({ colors: false }, ...args);
      log[level](stripVTControlCharacters(text));
    };
  }
  return () => {
    Object.assign(console, originals);
  };
}

/**
 * Points node-opcua-debug's error, warning, debug and trace loggers at {@link opcuaTarget}, once per
 * process (its loggers are module state). node-opcua comes with the OPC UA nodes; where it is not
 * installed there is nothing to route.
 */
async function hookOpcuaLoggers(): Promise<void> {
  let opcua: typeof OpcuaDebug;
  try {
    opcua = await import('node-opcua-debug');
  } catch {
    return;
  }
  const counts = new Map<string, number>();
  // node-opcua calls these with { filename, callerline } first, then console.log-style arguments.
  const route =
    (level: OpcuaLevel, limited: boolean) =>
    (context?: unknown, ...args: unknown[]): void => {
      const { filename, callerline } = (context ?? {}) as { filename?: unknown; callerline?: unknown };
      const where: { file?: string; line?: number } = {};
      if (typeof filename === 'string' && filename) where.file = filename;
      if (typeof callerline === 'number' && callerline >= 0) where.line = callerline;
      let count = 0;
      if (limited) {
        const key = `${where.file ?? ''}:${where.line ?? ''}`;
        count = (counts.get(key) ?? 0) + 1;
        counts.set(key, count);
        if (count > OPCUA_REPEAT_LIMIT) return;
      }
      const text = stripVTControlCharacters(formatWithOptions({ colors: false }, ...args));
      const log = opcuaTarget;
      if (!log) {
        console.log(`${where.file ?? 'node-opcua'}:${where.line ?? ''} ${text}`);
        return;
      }
      log[level](where, text);
      if (count === OPCUA_REPEAT_LIMIT)
        log[level](
          { ...where, suppressed: true },
          `logged ${OPCUA_REPEAT_LIMIT} times from this line: no more messages from it until the process restarts`,
        );
    };
  opcua.setErrorLogger(route('error', true));
  opcua.setWarningLogger(route('warn', true));
  // node-opcua calls these two only for files named in DEBUG (its own switch).
  opcua.setDebugLogger(route('debug', false));
  opcua.setTraceLogger(route('trace', false));
}
