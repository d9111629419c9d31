import { defineNode } from '@millwright/sdk';
import { sqlQueryConfig } from './config.js';

/** Runs one parameterised statement per message. */
export default defineNode({
  type: 'sql-query',
  category: 'storage',
  version: 1,
  label: 'SQL query',
  description:
    'Runs one parameterised SQL statement per message (named `:name` or positional `?` parameters from the message) and puts the result rows in msg.payload, with msg.sql.rowCount.',
  inputs: 1,
  outputs: ['result'],
  icon: 'database',
  config: sqlQueryConfig,
  async setup(ctx) {
    const { createSqlQuery } = await import('./sql-query.js');
    return createSqlQuery(ctx);
  },
});
