import { defineNode } from '@millwright/sdk';
import { oeeConfig } from './config.js';

/** Computes Overall Equipment Effectiveness per shift or time window. */
export default defineNode({
  type: 'oee',
  category: 'mes',
  version: 1,
  label: 'oee',
  description:
    'Computes OEE = Availability × Performance × Quality from machine-state and part-counter messages, per shift (time-zone aware), rolling or tumbling window, with downtime broken down by reason.',
  inputs: 1,
  outputs: ['oee', 'late'],
  icon: 'clock',
  config: oeeConfig,
  async setup(ctx) {
    const { createOee } = await import('./oee.js');
    return createOee(ctx);
  },
});
