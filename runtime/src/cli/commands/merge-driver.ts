import { readFile, writeFile } from 'node:fs/promises';
import { mergeFlow, serializeMergedFlow, showValue } from '@millwright/model';
import { parseFlowJson } from '../../storage/flow-json.js';
import { parseCommandArgs, UsageError, type Command } from '../command.js';

/**
 * `millwright merge-driver %O %A %B %P`: git's custom merge driver for flow files. Writes the
 * node-level three-way merge into %A; exit 1 when conflicts are left open (git then marks the file
 * unmerged) or an input is not a flow file (%A is left as it was).
 */
export const mergeDriverCommand: Command = {
  name: 'merge-driver',
  usage: `Usage: millwright merge-driver <base> <ours> <theirs> [<path>]

A git merge driver for *.flow.json files (git passes %O %A %B %P). Merges the three versions
node by node: changes to different nodes, different fields of one node, or different wires
merge cleanly. The same field of the same node changed differently on both sides is a
conflict: ours is kept in place and the conflict is listed in a "conflicts" array of the file,
{ path, pathString, base, ours, theirs }, so the file stays valid JSON in the stable format;
the exit code is then 1, as git expects. The result is written to <ours>.

Install (docs/versions.md):
  git config merge.millwright.name "Millwright flow merge"
  git config merge.millwright.driver "npx millwright merge-driver %O %A %B %P"
  echo '*.flow.json merge=millwright' >> .gitattributes

Options:
  -h, --help          show this help`,
  async run(argv, io) {
    const { positionals } = parseCommandArgs(argv, {});
    const [basePath, oursPath, theirsPath, shown] = positionals;
    if (!basePath || !oursPath || !theirsPath || positionals.length > 4)
      throw new UsageError('give the base, ours and theirs files (git: %O %A %B %P)');
    const name = shown ?? oursPath;
    const read = async (file: string): Promise<Record<string, unknown> | undefined> => {
      const text = await readFile(file, 'utf8');
      // git gives an empty base when both branches added the file.
      if (file === basePath && !text.trim()) return undefined;
      const value = parseFlowJson(
        `${name} (${file === basePath ? 'base' : file === oursPath ? 'ours' : 'theirs'})`,
        text,
      );
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        throw new UsageError(`${name}: not a flow file (expected a JSON object)`);
      return { ...value };
    };
    const base = await read(basePath);
    const ours = await read(oursPath);
    const theirs = await read(theirsPath);
    if (!ours || !theirs) throw new UsageError(`${name}: ours and theirs must not be empty`);
    const result = mergeFlow(base, ours, theirs);
    await writeFile(oursPath, serializeMergedFlow(result));
    for (const c of result.conflicts)
      io.err(
        `${name}: conflict at ${c.pathString}: ours ${side(c, 'ours')}, theirs ${side(c, 'theirs')} (base ${side(c, 'base')})`,
      );
    const open = result.conflicts.length + result.open.length;
    if (open) io.err(`${name}: ${open} conflict(s) left in its "conflicts" array`);
    return open ? 1 : 0;
  },
};

function side(c: { base?: unknown; ours?: unknown; theirs?: unknown }, key: 'base' | 'ours' | 'theirs'): string {
  return key in c ? showValue(c[key], 80) : 'none';
}
