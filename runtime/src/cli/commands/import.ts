import { readTests } from '../../snapshots/snapshot-tests.js';
import { FlowStore } from '../../storage/flow-store.js';
import { NODES_HELP, NODES_OPTION, parseCommandArgs, UsageError, type Command } from '../command.js';
import { checkFlowFiles, formatFault } from '../flow-file-check.js';
import { loadCliRegistry, nodeSources } from '../node-sources.js';
import { importNodeRed, IMPORT_NODE_RED_USAGE } from './import-node-red.js';
import { DEFAULT_DATA_DIR } from './start.js';

/** `millwright import <files...>`: validates flow files and stores them (replacing flows with the same id). */
export const importCommand: Command = {
  name: 'import',
  usage: `Usage: millwright import <flow.json|dir>... [options]

Validates the files (a directory stands for every *.flow.json below it, as for "millwright
validate") together with the flows already stored and saves them: a flow with the
same id is replaced, new flows are added (with --replace, the stored flows are dropped first).
Nothing is saved when any flow has a fault. Flow tests (*.tests.json) in the folders given are
kept with the snapshot the import records (docs/versions.md). The runtime deploys the stored flows at its next
start; while it runs, deploy through the admin API instead (the data files have one owner).

Options:
  --data-dir <dir>    runtime data directory (default ${DEFAULT_DATA_DIR})
  --replace           replace all stored flows instead of merging by id
${NODES_HELP}
  -h, --help          show this help

${IMPORT_NODE_RED_USAGE}`,
  async run(argv, io) {
    if (argv[0] === 'node-red') return importNodeRed(argv.slice(1), io);
    const { values, positionals } = parseCommandArgs(argv, {
      'data-dir': { type: 'string' },
      replace: { type: 'boolean' },
      ...NODES_OPTION,
    });
    if (!positionals.length) throw new UsageError('give at least one flow file or directory');
    const registry = await loadCliRegistry(nodeSources(values), io);
    const store = await FlowStore.open(values['data-dir'] ?? DEFAULT_DATA_DIR);
    const ids = new Set<string>();
    // The stored flows that survive the import take part in the check (ids and config refs span flows).
    const firstPass = await checkFlowFiles(positionals, registry, [], { recursive: true });
    if (!firstPass.ok) {
      for (const f of firstPass.faults) io.out(formatFault(f));
      return 1;
    }
    for (const f of firstPass.flows) ids.add(f.id);
    const kept = values.replace ? [] : store.flows().filter((f) => !ids.has(f.id));
    const result = await checkFlowFiles(positionals, registry, kept, { recursive: true });
    if (!result.ok) {
      for (const f of result.faults) io.out(formatFault(f));
      return 1;
    }
    const imported = new Map(result.flows.map((f) => [f.id, f]));
    const merged = values.replace
      ? result.flows
      : [
          ...store.flows().map((f) => imported.get(f.id) ?? f), // replaced flows keep their place (tab order)
          ...result.flows.filter((f) => !store.flow(f.id)),
        ];
    // The tests found with the files replace those of the flows they test; the others' stay.
    const previous = await store.snapshots.get(store.revision).catch(() => undefined);
    const deployed = new Set(merged.map((f) => f.id));
    const tests = Object.fromEntries(
      Object.entries({ ...previous?.tests, ...(await readTests(positionals)) }).filter(([id]) => deployed.has(id)),
    );
    const revision = await store.save(merged, { author: 'cli', mode: 'full', message: 'millwright import', tests });
    for (const f of result.flows) io.out(`imported ${f.id}`);
    io.err(`stored ${merged.length} flow(s) as revision ${revision}`);
    return 0;
  },
};
