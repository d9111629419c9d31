import { runFlowTests } from '../../flow-test/run-tests.js';
import {
  jsonReport,
  junitReport,
  REPORTERS,
  textReport,
  textSummary,
  type ReporterName,
} from '../../flow-test/reporters.js';
import { NODES_HELP, NODES_OPTION, parseCommandArgs, UsageError, type Command } from '../command.js';
import { loadCliRegistry, nodeSources } from '../node-sources.js';

/** `millwright test <dir|files>`: runs the flow test cases stored beside flows; exit 1 on any failure. */
export const testCommand: Command = {
  name: 'test',
  usage: `Usage: millwright test <dir|file.tests.json>... [options]

Runs every case of every *.tests.json file (directories are searched recursively) against its flow
(<name>.flow.json beside it), in-process and headless. Connector nodes (opcua-*, mqtt-*, http-*,
erp-*...) are replaced by stand-ins that record what reaches them and answer with recorded
messages; inject timers are off. Prints ✓/✗ per case and, for failures, a diff of expected and
actual messages. Exits with 1 when a case fails, 0 when all pass. Format: docs/flow-tests.md.

Options:
  --reporter <name>   text (default), json or junit (XML for CI)
${NODES_HELP}
  -h, --help          show this help`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { reporter: { type: 'string' }, ...NODES_OPTION });
    if (!positionals.length) throw new UsageError('give at least one directory or .tests.json file');
    const reporter = (values.reporter ?? 'text') as ReporterName;
    if (!REPORTERS.includes(reporter)) throw new UsageError(`--reporter must be one of ${REPORTERS.join(', ')}`);
    const registry = await loadCliRegistry(nodeSources(values), io);
    const run = await runFlowTests({
      paths: positionals,
      registry,
      ...(reporter === 'text' ? { onFile: (f) => textReport(f).forEach((l) => io.out(l)) } : {}),
    });
    if (!run.files.length) {
      io.err(`no *.tests.json files found in ${positionals.join(' ')}`);
      return 1;
    }
    if (reporter === 'text') io.out(textSummary(run));
    else io.out(reporter === 'json' ? jsonReport(run) : junitReport(run));
    return run.failed ? 1 : 0;
  },
};
