import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { builtInFamilies } from '../../docs/families.js';
import { renderNodeDocs } from '../../docs/node-docs.js';
import { parseCommandArgs, UsageError, type Command } from '../command.js';

/** `millwright docs`: the reference page of every built-in node, generated from its schema. */
export const docsCommand: Command = {
  name: 'docs',
  usage: `Usage: millwright docs [--out <dir>] [--check]

Writes <dir>/<type>.md for every node of every built-in family (nodes/<family>/index.ts) and an
index, README.md, from the nodes' zod schemas: description, ports, config and credentials tables
(type, default, description and hints from .meta()), and an example. Markdown files in <dir>
that no node produces any more are removed. Run it after changing a schema ("npm run docs").

Options:
  --out <dir>         target folder (default docs/nodes)
  --check             write nothing; list the files that differ and exit 1 if any (for CI)
  -h, --help          show this help`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { out: { type: 'string' }, check: { type: 'boolean' } });
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const out = values.out ?? 'docs/nodes';
    const files = renderNodeDocs(await builtInFamilies());
    const existing = (await readdir(out).catch(() => [] as string[])).filter((f) => f.endsWith('.md'));
    const stale: string[] = [];
    for (const [name, text] of files)
      if ((await readFile(join(out, name), 'utf8').catch(() => undefined)) !== text) stale.push(name);
    const extra = existing.filter((f) => !files.has(f));
    if (values.check) {
      for (const f of stale) io.out(`out of date: ${join(out, f)}`);
      for (const f of extra) io.out(`no longer generated: ${join(out, f)}`);
      if (stale.length || extra.length) {
        io.err('node docs are out of date: run "npm run docs" and commit the result');
        return 1;
      }
      io.out(`ok: ${files.size} file(s) up to date`);
      return 0;
    }
    await mkdir(out, { recursive: true });
    for (const name of stale) await writeFile(join(out, name), files.get(name) ?? '');
    for (const name of extra) await rm(join(out, name));
    io.err(`${files.size} file(s) in ${out}: ${stale.length} written, ${extra.length} removed`);
    return 0;
  },
};
