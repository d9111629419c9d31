import { stat } from 'node:fs/promises';
import type { Snapshot } from '@millwright/model';
import { writeBundle } from '../../snapshots/bundle.js';
import { readTests } from '../../snapshots/snapshot-tests.js';
import { exportFlows } from '../../storage/flow-files.js';
import { FlowStore } from '../../storage/flow-store.js';
import { parseCommandArgs, UsageError, type Command } from '../command.js';
import { snapshotSource, type SnapshotSource } from '../snapshot-source.js';
import { DEFAULT_DATA_DIR } from './start.js';

/** `millwright export --out <dir>`: writes the stored flows, one stable file per flow. */
export const exportCommand: Command = {
  name: 'export',
  usage: `Usage: millwright export --out <dir> [options]
       millwright export --bundle <file> [options]

Writes every stored flow to <dir>/<flow id>.flow.json in the stable serialized form (sorted
keys, two-space indent), ready to commit to git. Only reads the data directory, so it is safe
while the runtime runs.

With --bundle, writes one file that "millwright run --bundle <file>" runs headless: a snapshot
(the deployed flows, or --snapshot <id>; settings without secrets, node package names and
versions, credential key names, flow tests) plus the package-lock.json entries of its node
packages (from the current directory). Read from the data dir, or from a runtime with --url.

Options:
  --out <dir>         target directory (created if missing)
  --bundle <file>     write a bundle instead
  --snapshot <id>     bundle: this snapshot instead of the deployed flows
  --tests <dir|file>  bundle: carry these flow tests (*.tests.json) instead of the snapshot's
  --url <url>         bundle: read from the runtime at this address (with --token or $MILLWRIGHT_TOKEN)
  --token <token>     see --url
  --data-dir <dir>    runtime data directory (default ${DEFAULT_DATA_DIR}); must exist
  -h, --help          show this help`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      out: { type: 'string' },
      'data-dir': { type: 'string' },
      bundle: { type: 'string' },
      snapshot: { type: 'string' },
      tests: { type: 'string', multiple: true },
      url: { type: 'string' },
      token: { type: 'string' },
    });
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    if (values.bundle) {
      const source = await snapshotSource(
        values.url !== undefined ? values : { ...values, 'data-dir': values['data-dir'] ?? DEFAULT_DATA_DIR },
      );
      const snapshot = await chosen(source, values.snapshot);
      if (values.tests?.length) snapshot.tests = await readTests(values.tests);
      await writeBundle(values.bundle, snapshot);
      io.out(values.bundle);
      io.err(
        `bundled snapshot ${snapshot.id}: ${snapshot.flowCount} flow(s), ${Object.keys(snapshot.tests).length} flow test file(s), ${snapshot.packages.length} node package(s)`,
      );
      return 0;
    }
    if (!values.out) throw new UsageError('--out <dir> is required (or --bundle <file>)');
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

/** Snapshot `id`, or that of the deployed flows (made up from flows.json when none was recorded). */
async function chosen(source: SnapshotSource, id: string | undefined): Promise<Snapshot> {
  if (id !== undefined) return source.get(id);
  const current = await source.current();
  const recorded = await source.get(current.revision).catch(() => undefined);
  return (
    recorded ?? {
      id: current.revision,
      author: 'unknown',
      time: new Date().toISOString(),
      mode: 'full',
      revision: current.revision,
      flowCount: current.flows.length,
      flows: current.flows,
      settings: {},
      packages: [],
      credentialKeys: {},
      tests: {},
    }
  );
}
