import { parseArgs, type ParseArgsConfig } from 'node:util';

/** One CLI command. `run` resolves with the process exit code. */
export interface Command {
  name: string;
  /** Full `--help` text. */
  usage: string;
  run(argv: string[], io: CliIo): Promise<number>;
}

/** Where commands write human output; the tests and `main` pass process streams. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

/** Wrong arguments: `main` prints the message and the command's usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** `--help` plus the given options, parsed strictly: unknown flags are usage errors. */
export function parseCommandArgs<O extends Options>(argv: string[], options: O) {
  try {
    return parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

/** Parses a TCP port option (0 = any free port). */
export function portOption(value: string | undefined, fallback: number, flag: string): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new UsageError(`${flag} must be a port number 0-65535`);
  return port;
}

/** Shared `--nodes` and `--nodes-dir` options: extra node modules and folders of node packages. */
/** Parses `--isolation`; undefined leaves the choice to settings.json (default `pool`). */
export function isolationOption(value: string | undefined): 'pool' | 'worker' | 'process' | 'in-process' | undefined {
  if (value === undefined) return undefined;
  if (value === 'pool' || value === 'worker' || value === 'process' || value === 'in-process') return value;
  throw new UsageError('--isolation must be pool, process, worker or in-process');
}
export const ISOLATION_HELP = `  --isolation <mode>  where flows run: pool (default: a few shared host processes, one per core;
                      a fatal out-of-memory in function code ends one host, whose flows restart),
                      process (a child process per flow), worker (a thread per flow) or in-process`;

export const NODES_OPTION = {
  nodes: { type: 'string', multiple: true },
  'nodes-dir': { type: 'string', multiple: true },
} as const;
export const NODES_HELP = `  --nodes <module>    extra node module (package name or file URL) to load; repeatable
  --nodes-dir <dir>   folder of custom node packages (package.json with a "millwright" section);
                      repeatable. Packages in ./node_modules are found too`;
