import { defineNode } from '@millwright/sdk';
import { qualityEventConfig } from './config.js';

/** A quality finding as a structured record for a QMS: inspection result, non-conformance or deviation. */
export default defineNode({
  type: 'quality-event',
  category: 'mes',
  version: 1,
  label: 'quality event',
  description:
    'Turns a finding into a structured quality record for a QMS (inspection result, non-conformance or deviation) tied to lot, work order, equipment and product revision, with a stable id as idempotency key. Wire it to erp-post to send it over REST through the durable outbox.',
  inputs: 1,
  outputs: ['out'],
  icon: 'alert',
  config: qualityEventConfig,
  async setup(ctx) {
    const { createQualityEvent } = await import('./quality-event.js');
    return createQualityEvent(ctx);
  },
});
