import { stat } from 'node:fs/promises';
import { exportFlows } from '../../storage/flow-files.js';
import { FlowStore } from '../../storage/flow-store.js';
import { parseCommandArgs, UsageError, type Command } from '../command.js';
import { DEFAULT_DATA_DIR } from './start.js';

/** `millwright export --out <dir>`: writes the stored flows, one stable file per flow. */
export const exportCommand: Command = {
  name: 'export',
  usage: `Usage: millwright export --out <dir> [options]

Writes every stored flow to <dir>/<flow id>.flow.json in the stable serialized form (sorted
keys, two-space indent), ready to commit to git. Only reads the data directory, so it is safe
while the runtime runs.

Options:
  --out <dir>         target directory (created if missing)
  --data-dir <dir>    runtime data directory (default ${DEFAULT_DATA_DIR}); must exist
  -h, --help          show this help`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      out: { type: 'string' },
      'data-dir': { type: 'string' },
    });
    if (!values.out) throw new UsageError('--out <dir> is required');
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const dataDir = values['data-dir'] ?? DEFAULT_DATA_DIR;
    // FlowStore.open creates a missing data dir: a mistyped --data-dir would export nothing, silently.
    const info = await stat(dataDir).catch(() => undefined);
    if (!info?.isDirectory()) {
      io.err(`millwright export: the data dir ${dataDir} ${info ? 'is not a directory' : 'does not exist'}`);
      return 1;
    }
    const store = await FlowStore.open(dataDir);
    const written = await exportFlows(store.flows(), values.out);
    for (const file of written) io.out(file);
    io.err(`exported ${written.length} flow(s) of revision ${store.revision}`);
    return 0;
  },
};
