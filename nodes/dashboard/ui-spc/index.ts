import { defineNode } from '@millwright/sdk';
import { uiSpcConfig } from './config.js';

/**
 * A control chart of a quality-check node's points. The node draws nothing itself: the page reads
 * the quality-check node's own chart events (`source`), the same the editor plots.
 */
export default defineNode({
  type: 'ui-spc',
  category: 'dashboard',
  version: 1,
  label: 'SPC chart',
  description:
    'Shows the control chart (I-MR or X-bar/R points, centre line, control and specification limits, rule violations, Cp/Cpk) of a quality-check node on a dashboard page.',
  inputs: 0,
  outputs: [],
  icon: 'activity',
  config: uiSpcConfig,
  setup: () => ({}),
});
