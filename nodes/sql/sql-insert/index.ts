import { defineNode } from '@millwright/sdk';
import { sqlInsertConfig } from './config.js';

/** Inserts or upserts an array of objects in one transaction. */
export default defineNode({
  type: 'sql-insert',
  category: 'storage',
  version: 1,
  label: 'SQL insert',
  description:
    'Inserts an array of objects (or one) into a table in one transaction, as multi-row INSERT statements; on a conflict key it can update the existing rows (upsert) or keep them. All rows or none.',
  inputs: 1,
  outputs: ['done'],
  icon: 'database',
  config: sqlInsertConfig,
  async setup(ctx) {
    const { createSqlInsert } = await import('./sql-insert.js');
    return createSqlInsert(ctx);
  },
});
