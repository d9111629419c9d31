import { defineNode } from '@millwright/sdk';
import { passwordCredentials } from '../db/common-config.js';
import { mssqlDbConfig } from './config.js';

/** A pool of connections to one Microsoft SQL Server database, shared by the sql-* nodes. */
export default defineNode({
  type: 'mssql-db',
  category: 'config',
  version: 1,
  label: 'SQL Server',
  description:
    'Connection pool to a Microsoft SQL Server (or Azure SQL) database for the sql-* nodes: host, port, database, user (password as a credential; SQL Server authentication), pool size, connect and statement timeouts, TLS (encrypt, trustServerCertificate). Reconnects by itself.',
  isConfig: true,
  inputs: 0,
  outputs: [],
  config: mssqlDbConfig,
  credentials: passwordCredentials,
  warmup: () => import('./mssql-pool.js'),
  async setup(ctx) {
    const [{ createMssqlDb }, { serveDb }] = await Promise.all([import('./mssql-pool.js'), import('../db/db-node.js')]);
    await (await import('../db/outbound-check.js')).checkOutbound(ctx, ctx.config.host, ctx.config.port);
    return serveDb(ctx, await createMssqlDb(ctx.config, ctx.credentials.password), ctx.config.required);
  },
});
