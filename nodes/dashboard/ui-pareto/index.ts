import { defineNode } from '@millwright/sdk';
import { displayWidget } from '../lib/display-widget.js';
import { uiParetoConfig } from './config.js';

/** Downtime by reason, longest first, with the cumulative share. */
export default defineNode({
  type: 'ui-pareto',
  category: 'dashboard',
  version: 1,
  label: 'downtime Pareto',
  description:
    'Shows downtime by reason as a Pareto chart (longest first, cumulative %) on a dashboard page. The value is a list `[{ reason, durationMs, count }]` (the `losses` of an oee record, the default) or an object `{ reason: ms }`.',
  inputs: 1,
  outputs: [],
  icon: 'bar-chart',
  config: uiParetoConfig,
  setup: (ctx) => displayWidget(ctx),
});
