import { relative } from 'node:path';
import { scaffoldNodePackage } from '../../scaffold/scaffold-node-package.js';
import { parseCommandArgs, UsageError, type Command } from '../command.js';

/** `millwright create-node <name>`: scaffolds a custom node package. */
export const createNodeCommand: Command = {
  name: 'create-node',
  usage: `Usage: millwright create-node <package-name> [options]

Creates <dir>/<package-name>/ with a working node you then make your own: package.json (with the
"millwright" section the runtime discovers), src/index.ts exporting the nodes, src/<type>/ with
the zod config schema, the implementation, defineNode() and vitest tests using the SDK harness,
a README on testing and publishing, tsconfig.json and vitest.config.ts.

Options:
  --type <type>       node type id (kebab-case); default from the name ("millwright-node-torque" -> "torque")
  --dir <path>        parent folder (default: the current folder)
  -h, --help          show this help

Then: cd <package-name> && npm install && npm test; run it with
"millwright start --nodes-dir <dir> --dev" (see docs/sdk/guide.md).`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { type: { type: 'string' }, dir: { type: 'string' } });
    const [name, extra] = positionals;
    if (!name) throw new UsageError('give the package name, e.g. millwright-node-torque');
    if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
    const { dir, files } = await scaffoldNodePackage({
      name,
      ...(values.type !== undefined ? { type: values.type } : {}),
      parentDir: values.dir ?? process.cwd(),
    });
    for (const f of files) {
      const rel = relative(process.cwd(), `${dir}/${f}`);
      io.out(rel.startsWith('..') ? `${dir}/${f}` : rel);
    }
    io.err(`created ${dir}`);
    return 0;
  },
};
