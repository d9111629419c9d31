import { defineNode } from '@millwright/sdk';
import { qualityCheckConfig } from './config.js';

/** Checks measurements against specification limits and SPC run rules. */
export default defineNode({
  type: 'quality-check',
  category: 'mes',
  version: 1,
  label: 'quality check',
  description:
    'Checks each measured characteristic against its specification limits (pass / fail) and plots it on an X-bar/R or I-MR control chart with selectable Nelson / Western Electric rules and Cp/Cpk/Pp/Ppk. Spec and rule violations leave as non-conformance events for a QMS.',
  inputs: 1,
  outputs: ['pass', 'fail', 'nc', 'late'],
  icon: 'activity',
  config: qualityCheckConfig,
  async setup(ctx) {
    const { createQualityCheck } = await import('./quality-check.js');
    return createQualityCheck(ctx);
  },
});
