import { NODES_HELP, NODES_OPTION, parseCommandArgs, UsageError, type Command } from '../command.js';
import { checkFlowFiles, formatFault } from '../flow-file-check.js';
import { loadCliRegistry, nodeSources } from '../node-sources.js';

/** `millwright validate <flow.json|dir...>`: prints `<file> <path> <message>` per fault; exit 1 on faults. */
export const validateCommand: Command = {
  name: 'validate',
  usage: `Usage: millwright validate <flow.json|dir>... [options]

Checks flow files as one deployment (structure, node types, configs, wires, ids across flows),
after migrating old node versions. A directory stands for every *.flow.json below it (sub-folders
included, node_modules and dot-folders skipped). Prints one line per fault, "<file> <path>
<message>" ("<file>:<line>:<column> invalid JSON: ..." for a syntax error), and exits with 1 when
there are faults, 0 when every flow is valid. A Node-RED export is refused with a pointer to
"millwright import node-red".

Options:
${NODES_HELP}
  -h, --help          show this help`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, NODES_OPTION);
    if (!positionals.length) throw new UsageError('give at least one flow file or directory');
    const registry = await loadCliRegistry(nodeSources(values), io);
    const result = await checkFlowFiles(positionals, registry, [], { recursive: true });
    if (!result.ok) {
      for (const f of result.faults) io.out(formatFault(f));
      io.err(`${result.faults.length} fault(s)`);
      return 1;
    }
    io.out(`ok: ${result.flows.length} flow(s) valid`);
    return 0;
  },
};
