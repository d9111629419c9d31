import { defineNode } from '@millwright/sdk';
import { sqlTransactionConfig } from './config.js';

/** Runs several statements in one transaction. */
export default defineNode({
  type: 'sql-transaction',
  category: 'storage',
  version: 1,
  label: 'SQL transaction',
  description:
    "Runs several parameterised statements in one transaction per message: all commit together or, on any error, all roll back (the coded error goes to catch nodes). msg.payload gets each statement's rows, msg.sql.rowCounts the counts.",
  inputs: 1,
  outputs: ['result'],
  icon: 'database',
  config: sqlTransactionConfig,
  async setup(ctx) {
    const { createSqlTransaction } = await import('./sql-transaction.js');
    return createSqlTransaction(ctx);
  },
});
