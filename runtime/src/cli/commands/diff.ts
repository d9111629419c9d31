import { CONFLICTS_KEY, diffFlows, formatFlowDiff, formatPath, validateFlow, type Flow } from '@millwright/model';
import { readFlowFiles, type FlowFile } from '../../storage/flow-files.js';
import { isFlowsFile } from '../../snapshots/snapshot-store.js';
import { parseCommandArgs, UsageError, type Command } from '../command.js';
import { snapshotSource, SOURCE_HELP, SOURCE_OPTION, type SnapshotSource } from '../snapshot-source.js';

/** `millwright diff <a> <b>`: the semantic difference of two flow files or folders of them. */
export const diffCommand: Command = {
  name: 'diff',
  usage: `Usage: millwright diff <before> <after> [options]

Shows how the flows of <after> differ from those of <before>, semantically: flows added,
removed or renamed, flow settings; nodes and config nodes added, removed, moved or with
changed fields (old → new, with their JSON paths); wires added and removed. Each side is a
flow file, a folder of *.flow.json files (sub-folders included) taken as one deployment, or a
data dir's flows.json or one of its snapshots (flows-history/<id>.json), or snap:<id> for a
snapshot of a running runtime (--url) or a data dir (--data-dir), snap:current for its
deployed flows. Flows and nodes are matched by id, so key order, file names and list order do
not count.

As a git diff driver (git passes 7 arguments: path, old file, hex, mode, new file, hex, mode),
"git diff" shows flow files this way (docs/versions.md):
  git config diff.millwright.command "npx millwright diff"
  echo '*.flow.json diff=millwright merge=millwright' >> .gitattributes

Options:
  --json              print the diff as JSON (the shape of diffFlows in @millwright/model)
  --exit-code         exit with 1 when there are differences (as "git diff --exit-code")
${SOURCE_HELP}
  -h, --help          show this help`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      json: { type: 'boolean' },
      'exit-code': { type: 'boolean' },
      ...SOURCE_OPTION,
    });
    const git = positionals.length === GIT_ARGS;
    if (positionals.length !== 2 && !git) throw new UsageError('give two flow files or folders: <before> <after>');
    const sides = git ? [positionals[1] ?? '', positionals[4] ?? ''] : positionals;
    if (git) io.out(`millwright diff a/${positionals[0]} b/${positionals[0]}`);
    let source: Promise<SnapshotSource> | undefined;
    const snapshots = () => (source ??= snapshotSource(values));
    const [before, after] = await Promise.all(
      sides.map((side) => (side.startsWith(SNAP) ? readSnapshot(side.slice(SNAP.length), snapshots) : readSide(side))),
    );
    if (!before || !after) return 1;
    if ('faults' in before || 'faults' in after) {
      for (const side of [before, after]) if ('faults' in side) side.faults.forEach((f) => io.err(f));
      return 1;
    }
    const diff = diffFlows(before.flows, after.flows);
    if (values.json) io.out(JSON.stringify(diff, null, 2));
    else formatFlowDiff(diff).forEach((line) => io.out(line));
    return values['exit-code'] && diff.flows.length ? 1 : 0;
  },
};

/** Prefix of a side that names a snapshot (`snap:12-3f9a0b1c2d`, `snap:current`). */
const SNAP = 'snap:';

async function readSnapshot(id: string, source: () => Promise<SnapshotSource>): Promise<{ flows: Flow[] }> {
  const from = await source();
  return id === 'current' ? from.current() : from.get(id);
}

/** Arguments git gives a diff driver (diff.<driver>.command): path, then hex file, hex and mode of each side. */
const GIT_ARGS = 7;

/** The flows of one side, structure-checked (node types need not be installed to compare). */
async function readSide(path: string): Promise<{ flows: Flow[] } | { faults: string[] }> {
  if (path === '/dev/null') return { flows: [] }; // git: the file is added or deleted
  // A deployed flows.json or a kept revision holds every flow of a deployment in one file.
  const files = (await readFlowFiles([path], { recursive: true })).flatMap((f): FlowFile[] =>
    isFlowsFile(f.value) ? f.value.flows.map((value, i) => ({ file: `${f.file} $.flows[${i}]`, value })) : [f],
  );
  const flows: Flow[] = [];
  const faults: string[] = [];
  for (const file of files) {
    // A file in the middle of a merge carries its open conflicts; the flow around them still compares.
    const r = validateFlow(withoutConflicts(file.value));
    if (r.ok) flows.push(r.flow);
    else for (const i of r.issues) faults.push(`${file.file} ${formatPath(i.path)} ${i.message}`);
  }
  if (!files.length) faults.push(`${path}: no flow files found`);
  return faults.length ? { faults } : { flows };
}

function withoutConflicts(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || !(CONFLICTS_KEY in value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => key !== CONFLICTS_KEY));
}
