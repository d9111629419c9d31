#!/usr/bin/env node
// Launcher: the CLI is TypeScript run by tsx, and isolated-vm needs --no-node-snapshot. When this
// process lacks either, re-run node with both flags on the CLI entry, forwarding signals and the
// exit code.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { fileURLToPath, URL } from 'node:url';

const cliUrl = new URL('../src/cli/cli.ts', import.meta.url);
const args = process.argv.slice(2);

const hasTsx = process.execArgv.some(
  (arg, i, all) => (arg === '--import' && /tsx/.test(all[i + 1] ?? '')) || /^--import=.*tsx/.test(arg),
);

if (hasTsx && process.execArgv.includes('--no-node-snapshot')) {
  await import(cliUrl.href);
} else {
  // Resolve tsx from here, not from the working directory, so the bin works from anywhere.
  const tsx = import.meta.resolve('tsx');
  const child = spawn(process.execPath, ['--no-node-snapshot', '--import', tsx, fileURLToPath(cliUrl), ...args], {
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('error', (err) => {
    console.error(`millwright: cannot start node: ${err.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    process.exit(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 1));
  });
}
