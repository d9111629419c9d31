import { defineNode } from '@millwright/sdk';
import { httpCredentials } from '../http-request/auth.js';
import { erpPostConfig } from './config.js';

/** Posts messages to an ERP through a durable outbox: exactly-once with the ERP's help (idempotency keys). */
export default defineNode({
  type: 'erp-post',
  category: 'enterprise',
  version: 1,
  label: 'erp post',
  description:
    'Posts each message to an ERP REST endpoint through a durable outbox: journaled to disk (fsync) before it is ' +
    'acknowledged, sent with an idempotency key, retried with exponential backoff and jitter, and parked as a ' +
    'dead letter (viewable and replayable in the admin API) after a permanent error or too many attempts.',
  inputs: 1,
  outputs: ['ok'],
  icon: 'send',
  config: erpPostConfig,
  credentials: httpCredentials,
  async setup(ctx) {
    const { createErpPost } = await import('./erp-post.js');
    return createErpPost(ctx);
  },
});
