import { defineNode } from '@millwright/sdk';
import { passwordCredentials } from '../db/common-config.js';
import { mysqlDbConfig } from './config.js';

/** A pool of connections to one MySQL or MariaDB database, shared by the sql-* nodes. */
export default defineNode({
  type: 'mysql-db',
  category: 'config',
  version: 1,
  label: 'MySQL / MariaDB',
  description:
    'Connection pool to a MySQL or MariaDB database for the sql-* nodes: host, port, database, user (password as a credential), pool size, connect and statement timeouts, TLS. Reconnects by itself.',
  isConfig: true,
  inputs: 0,
  outputs: [],
  config: mysqlDbConfig,
  credentials: passwordCredentials,
  warmup: () => import('./mysql-pool.js'),
  async setup(ctx) {
    const [{ createMysqlDb }, { serveDb }] = await Promise.all([import('./mysql-pool.js'), import('../db/db-node.js')]);
    await (await import('../db/outbound-check.js')).checkOutbound(ctx, ctx.config.host, ctx.config.port);
    return serveDb(ctx, await createMysqlDb(ctx.config, ctx.credentials.password), ctx.config.required);
  },
});
