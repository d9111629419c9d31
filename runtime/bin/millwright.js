#!/usr/bin/env -S node --no-node-snapshot --max-semi-space-size=2
// The millwright command: runs the compiled CLI in this process, with no loader and no launcher.
// Every Millwright process runs with NODE_FLAGS (dist/engine/node-flags.js says why); the shebang
// passes them. Started some other way (`node bin/millwright.js`), this process replaces itself with
// one that has them (execve keeps the PID, so signals and supervisors see one process).
import module from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { NODE_FLAGS } from '../dist/engine/node-flags.js';

const missing = NODE_FLAGS.filter((flag) => !process.execArgv.includes(flag));
if (missing.length) {
  process.execve(
    process.execPath,
    [process.execPath, ...missing, ...process.execArgv, process.argv[1], ...process.argv.slice(2)],
    process.env,
  );
}
// V8's compile cache spares later starts most of the module compiling: the CLI answers sooner, and
// flow hosts, which inherit NODE_COMPILE_CACHE, boot sooner. It lives in the user's own cache
// folder, never a shared temp folder where another user could plant code; unwritable: no cache.
const cacheRoot = process.env['XDG_CACHE_HOME'] || join(homedir(), '.cache');
const cache = process.env['NODE_COMPILE_CACHE']
  ? module.enableCompileCache?.()
  : module.enableCompileCache?.(join(cacheRoot, 'millwright', 'compile-cache'));
if (cache?.directory) process.env['NODE_COMPILE_CACHE'] ??= cache.directory;
await import('../dist/cli/cli.js');
