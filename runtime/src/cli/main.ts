import type { CliIo, Command } from './command.js';
import { UsageError } from './command.js';
import { RUNTIME_VERSION } from '../version.js';

/**
 * The commands, each loaded only when it runs: `millwright --version` or `validate` does not pay
 * for the runtime, the OPC UA stack or the editor server.
 */
const COMMANDS: ReadonlyArray<{ name: string; summary: string; load: () => Promise<Command> }> = [
  {
    name: 'start',
    summary: 'run the runtime with the admin API and editor',
    load: async () => (await import('./commands/start.js')).startCommand,
  },
  {
    name: 'run',
    summary: 'run flow files headless (JSON logs, /healthz and /metrics)',
    load: async () => (await import('./commands/run.js')).runCommand,
  },
  {
    name: 'validate',
    summary: 'check flow files against the installed node types',
    load: async () => (await import('./commands/validate.js')).validateCommand,
  },
  {
    name: 'test',
    summary: 'run the test cases stored beside flows (*.tests.json)',
    load: async () => (await import('./commands/test.js')).testCommand,
  },
  {
    name: 'create-node',
    summary: 'scaffold a custom node package (schema, node, tests, README)',
    load: async () => (await import('./commands/create-node.js')).createNodeCommand,
  },
  {
    name: 'docs',
    summary: 'generate the built-in node reference (docs/nodes) from the node schemas',
    load: async () => (await import('./commands/docs.js')).docsCommand,
  },
  {
    name: 'export',
    summary: 'write the stored flows to a directory, one file per flow',
    load: async () => (await import('./commands/export.js')).exportCommand,
  },
  {
    name: 'diff',
    summary: 'show the semantic difference of two flow files or folders',
    load: async () => (await import('./commands/diff.js')).diffCommand,
  },
  {
    name: 'snapshot',
    summary: "list, show and name snapshots of a runtime's deploys",
    load: async () => (await import('./commands/snapshot.js')).snapshotCommand,
  },
  {
    name: 'rollback',
    summary: 'deploy a snapshot again on a running runtime',
    load: async () => (await import('./commands/rollback.js')).rollbackCommand,
  },
  {
    name: 'promote',
    summary: 'deploy a snapshot to another runtime if its flow tests pass there',
    load: async () => (await import('./commands/promote.js')).promoteCommand,
  },
  {
    name: 'merge-driver',
    summary: 'git merge driver for *.flow.json: node-level three-way merge',
    load: async () => (await import('./commands/merge-driver.js')).mergeDriverCommand,
  },
  {
    name: 'import',
    summary: 'store flow files in a data directory; "import node-red" converts Node-RED flows',
    load: async () => (await import('./commands/import.js')).importCommand,
  },
  {
    name: 'user',
    summary: 'add, list, remove users, change passwords and roles',
    load: async () => (await import('./commands/user.js')).userCommand,
  },
  {
    name: 'credentials',
    summary: 'list stored credential keys, rotate the encryption key',
    load: async () => (await import('./commands/credentials.js')).credentialsCommand,
  },
  {
    name: 'service',
    summary: 'print a systemd unit for a plant install (print-unit)',
    load: async () => (await import('./commands/service.js')).serviceCommand,
  },
];

const USAGE = `Usage: millwright <command> [options]
       millwright --version

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(12)} ${c.summary}`).join('\n')}

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
  if (name === '--version' || name === '-v' || name === 'version') {
    io.out(RUNTIME_VERSION);
    return 0;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    io.err(`unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  const command = await entry.load();
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
