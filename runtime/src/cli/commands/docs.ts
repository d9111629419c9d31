import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { builtInFamilies } from '../../docs/families.js';
import { renderNodeDocs } from '../../docs/node-docs.js';
import { renderSettingsDoc } from '../../docs/settings-docs.js';
import { renderSubflowDocs, type SubflowSource } from '../../docs/subflow-docs.js';
import { isSubflowDefinition } from '@millwright/model/subflows';
import { flowSchema } from '@millwright/model';
import { listFilesBelow, readFlowFile, SUBFLOW_FILE_SUFFIX } from '../../storage/flow-files.js';
import { parseCommandArgs, UsageError, type Command } from '../command.js';

/**
 * `millwright docs`: the generated reference docs: a page per built-in node from its schema, and
 * the settings.json and environment variable reference from the settings schema.
 */
export const docsCommand: Command = {
  name: 'docs',
  usage: `Usage: millwright docs [--out <dir>] [--settings <file>] [--subflows <dir>] [--check]

Writes the generated reference docs ("npm run docs"; run it after changing a schema):
- <dir>/<type>.md for every node of every built-in family (nodes/<family>/index.ts) and an index,
  README.md, from the nodes' zod schemas: description, ports, config and credentials tables
  (type, default, description and hints from .meta()), and an example. Markdown files in <dir>
  that no node produces any more are removed.
- <file>: every settings.json key (from the settings schema) and every MILLWRIGHT_* environment
  variable.
- With --subflows (default without --out: flows, when that folder exists): a page per subflow
  definition (*.subflow.json below <dir>) with its ports, parameters and an example instance, and
  an index, in the folder "subflows" beside <dir> (docs/subflows).

Options:
  --out <dir>         folder of the node pages (default docs/nodes)
  --settings <file>   the settings page (default settings.md in the parent folder of <dir>,
                      docs/settings.md)
  --subflows <dir>    folder of flow files whose subflow definitions get pages
  --check             write nothing; list the files that differ and exit 1 if any (for CI)
  -h, --help          show this help`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      out: { type: 'string' },
      settings: { type: 'string' },
      subflows: { type: 'string' },
      check: { type: 'boolean' },
    });
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const out = values.out ?? 'docs/nodes';
    const settingsFile = values.settings ?? join(out, '..', 'settings.md');
    const pages = renderNodeDocs(await builtInFamilies());
    /** Every generated file by path. */
    const files = new Map<string, string>([...pages].map(([name, text]) => [join(out, name), text]));
    files.set(settingsFile, renderSettingsDoc());
    // Subflow pages (decision 0024): a project's own building blocks, documented like nodes.
    const subflowDir = values.subflows ?? (values.out === undefined ? await existingDir('flows') : undefined);
    const subflowOut = join(out, '..', 'subflows');
    if (subflowDir !== undefined)
      for (const [name, text] of renderSubflowDocs(await readSubflows(subflowDir)))
        files.set(join(subflowOut, name), text);
    const stale: string[] = [];
    for (const [path, text] of files)
      if ((await readFile(path, 'utf8').catch(() => undefined)) !== text) stale.push(path);
    const generated = new Set([...files.keys()].map((f) => resolve(f)));
    const extra: string[] = [];
    for (const dir of subflowDir !== undefined ? [out, subflowOut] : [out])
      extra.push(
        ...(await readdir(dir).catch(() => [] as string[]))
          .filter((f) => f.endsWith('.md'))
          .map((f) => join(dir, f))
          .filter((f) => !generated.has(resolve(f))),
      );
    if (values.check) {
      for (const f of stale) io.out(`out of date: ${f}`);
      for (const f of extra) io.out(`no longer generated: ${f}`);
      if (stale.length || extra.length) {
        io.err('reference docs are out of date: run "npm run docs" and commit the result');
        return 1;
      }
      io.out(`ok: ${files.size} file(s) up to date`);
      return 0;
    }
    for (const path of stale) {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, files.get(path) ?? '');
    }
    for (const path of extra) await rm(path);
    io.err(`${pages.size} file(s) in ${out} and ${settingsFile}: ${stale.length} written, ${extra.length} removed`);
    return 0;
  },
};

async function existingDir(dir: string): Promise<string | undefined> {
  return (await readdir(dir).then(
    () => true,
    () => false,
  ))
    ? dir
    : undefined;
}

/** The subflow definitions below `dir`; a file that is no valid definition is skipped (lint reports it). */
async function readSubflows(dir: string): Promise<SubflowSource[]> {
  const out: SubflowSource[] = [];
  for (const file of await listFilesBelow([dir], SUBFLOW_FILE_SUFFIX, { recursive: true })) {
    const parsed = flowSchema.safeParse((await readFlowFile(file)).value);
    if (parsed.success && isSubflowDefinition(parsed.data)) out.push({ file, definition: parsed.data });
  }
  return out;
}
