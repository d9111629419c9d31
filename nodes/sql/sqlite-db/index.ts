import { confinedPath, confinementOf, defineNode } from '@millwright/sdk';
import { sqliteDbConfig } from './config.js';

/** A SQLite database file, shared by the sql-* nodes. */
export default defineNode({
  type: 'sqlite-db',
  category: 'config',
  version: 1,
  label: 'SQLite',
  description:
    'A SQLite database file (built into Node.js) for the sql-* nodes, confined to the allowed file folders like file-write.',
  isConfig: true,
  inputs: 0,
  outputs: [],
  config: sqliteDbConfig,
  async setup(ctx) {
    const roots = confinementOf(ctx).fileRoots;
    const file = await confinedPath({ path: ctx.config.file, base: roots[0] ?? '.', within: roots });
    const [{ createSqliteDb }, { serveDb }] = await Promise.all([
      import('./sqlite-file.js'),
      import('../db/db-node.js'),
    ]);
    return serveDb(ctx, await createSqliteDb(ctx.config, file));
  },
});
