import { defineNode } from '@millwright/sdk';
import { passwordCredentials } from '../db/common-config.js';
import { postgresDbConfig } from './config.js';

/** A pool of connections to one PostgreSQL database, shared by the sql-* nodes. */
export default defineNode({
  type: 'postgres-db',
  category: 'config',
  version: 1,
  label: 'PostgreSQL',
  description:
    'Connection pool to a PostgreSQL database for the sql-* nodes: host, port, database, user (password as a credential), pool size, connect and statement timeouts, TLS. Reconnects by itself.',
  isConfig: true,
  inputs: 0,
  outputs: [],
  config: postgresDbConfig,
  credentials: passwordCredentials,
  warmup: () => import('./postgres-pool.js'),
  async setup(ctx) {
    const [{ createPostgresDb }, { serveDb }] = await Promise.all([
      import('./postgres-pool.js'),
      import('../db/db-node.js'),
    ]);
    await (await import('../db/outbound-check.js')).checkOutbound(ctx, ctx.config.host, ctx.config.port);
    return serveDb(ctx, await createPostgresDb(ctx.config, ctx.credentials.password), ctx.config.required);
  },
});
