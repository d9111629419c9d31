import { defineNode } from '@millwright/sdk';
import { sqlPollConfig } from './config.js';

/** Polls a table for new rows by a watermark column, handing each row over once. */
export default defineNode({
  type: 'sql-poll',
  category: 'storage',
  version: 1,
  label: 'SQL poll',
  description:
    'Polls a table for rows whose watermark column (id or timestamp) is above the last one handed over, sends them in batches, and advances the watermark (kept in node context) only once the flow has taken a batch.',
  inputs: 0,
  outputs: ['rows'],
  icon: 'database',
  config: sqlPollConfig,
  async setup(ctx) {
    const { createSqlPoll } = await import('./sql-poll.js');
    return createSqlPoll(ctx);
  },
});
