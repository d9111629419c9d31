import type { CliIo, Command } from './command.js';
import { UsageError } from './command.js';
import { createNodeCommand } from './commands/create-node.js';
import { credentialsCommand } from './commands/credentials.js';
import { docsCommand } from './commands/docs.js';
import { exportCommand } from './commands/export.js';
import { importCommand } from './commands/import.js';
import { runCommand } from './commands/run.js';
import { startCommand } from './commands/start.js';
import { testCommand } from './commands/test.js';
import { userCommand } from './commands/user.js';
import { validateCommand } from './commands/validate.js';

const COMMANDS: readonly Command[] = [
  startCommand,
  runCommand,
  validateCommand,
  testCommand,
  createNodeCommand,
  docsCommand,
  exportCommand,
  importCommand,
  userCommand,
  credentialsCommand,
];

const USAGE = `Usage: millwright <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n')}

Run "millwright <command> --help" for a command's options.`;

const stdio: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/**
 * Runs the CLI with `argv` (without node and script). Resolves with the exit code: 0 success,
 * 1 faults or a failed command, 2 wrong usage. Long-running commands (`start`, `run`) never
 * resolve; they exit on a signal.
 */
export async function main(argv: string[], io: CliIo = stdio): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(USAGE);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(command.usage);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`millwright ${name}: ${err.message}\n\n${command.usage}`);
      return 2;
    }
    const code = typeof err === 'object' && err !== null ? Reflect.get(err, 'code') : undefined;
    io.err(
      `millwright ${name}: ${err instanceof Error ? err.message : String(err)}${typeof code === 'string' ? ` [${code}]` : ''}`,
    );
    return 1;
  }
}
