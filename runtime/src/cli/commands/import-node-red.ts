import { readFile } from 'node:fs/promises';
import { formatPath, type ImportReport } from '@millwright/model';
import { checkFlows } from '../../deploy/check-flows.js';
import { convertNodeRedFlows } from '../../import/node-red/convert-flows.js';
import { exportFlows } from '../../storage/flow-files.js';
import { FlowStore } from '../../storage/flow-store.js';
import { NODES_OPTION, parseCommandArgs, UsageError, type CliIo } from '../command.js';
import { loadCliRegistry, nodeSources } from '../node-sources.js';
import { DEFAULT_DATA_DIR } from './start.js';

/** Usage lines of `millwright import node-red`, shown in `millwright import --help`. */
export const IMPORT_NODE_RED_USAGE = `Usage: millwright import node-red <flows.json> [--out <dir> | --data-dir <dir>] [--json]

Converts a Node-RED export (flows.json, or a file exported from the Node-RED editor) into
Millwright flows, one per tab. Nodes that cannot be converted become "unsupported" placeholders
that keep their wires and original JSON; every placeholder and difference is listed in the report
(with --json, the report is printed as JSON). --out writes one .flow.json per flow; otherwise the
flows are stored in the data directory like "millwright import" (merged by id).`;

/** `millwright import node-red <flows.json>`: converts and writes or stores the flows, prints the report. */
export async function importNodeRed(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    out: { type: 'string' },
    'data-dir': { type: 'string' },
    json: { type: 'boolean' },
    ...NODES_OPTION,
  });
  const [file, extra] = positionals;
  if (!file) throw new UsageError('give the Node-RED flows.json to convert');
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
  if (values.out !== undefined && values['data-dir'] !== undefined)
    throw new UsageError('give either --out or --data-dir');
  let input: unknown;
  try {
    input = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    io.err(`${file}: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
  const registry = await loadCliRegistry(nodeSources(values), io);
  const { flows, report } = convertNodeRedFlows(input, { catalog: registry });
  const store = values.out === undefined ? await FlowStore.open(values['data-dir'] ?? DEFAULT_DATA_DIR) : undefined;
  const ids = new Set(flows.map((f) => f.id));
  const kept = store ? store.flows().filter((f) => !ids.has(f.id)) : [];
  const check = checkFlows([...flows, ...kept], registry);
  if (!check.ok) {
    for (const i of check.issues) io.out(`${file} ${formatPath(i.path)} ${i.message}`);
    io.err('the converted flows do not validate; nothing was written');
    return 1;
  }
  const converted = check.flows.slice(0, flows.length);
  if (values.out !== undefined) for (const f of await exportFlows(converted, values.out)) io.err(`wrote ${f}`);
  else if (store) {
    const revision = await store.save([...kept, ...converted]);
    io.err(`stored ${converted.length} flow(s) in ${values['data-dir'] ?? DEFAULT_DATA_DIR} as revision ${revision}`);
  }
  if (values.json) io.out(JSON.stringify(report, null, 2));
  else for (const line of formatImportReport(report)) io.out(line);
  return 0;
}

/** The import report as text: flows, then every placeholder and warning with node id and tab. */
export function formatImportReport(report: ImportReport): string[] {
  const where = (x: { id?: string | undefined; type?: string | undefined; tab?: string | undefined }) =>
    [x.type, x.id, x.tab ? `(tab ${x.tab})` : ''].filter(Boolean).join(' ');
  return [
    `converted ${report.converted} node(s) into ${report.flows.length} flow(s):`,
    ...report.flows.map((f) => `  ${f.id} "${f.name}" (${f.nodes} nodes)`),
    `placeholders: ${report.placeholders.length}`,
    ...report.placeholders.map((p) => `  ${where(p)}${p.name ? ` "${p.name}"` : ''}: ${p.reason}`),
    `warnings: ${report.warnings.length}`,
    ...report.warnings.map((w) => `  ${where(w) || '(export)'}: ${w.message}`),
  ];
}
