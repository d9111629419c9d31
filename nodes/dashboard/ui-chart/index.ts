import { defineNode } from '@millwright/sdk';
import { displayWidget } from '../lib/display-widget.js';
import { uiChartConfig } from './config.js';

/** A line chart of one or more series over a time window. */
export default defineNode({
  type: 'ui-chart',
  category: 'dashboard',
  version: 1,
  label: 'time chart',
  description:
    'Draws numbers over time on a dashboard page: one series per msg.topic, or several series read from each value. Shows the last `windowMs`; the page keeps the last 200 points.',
  inputs: 1,
  outputs: [],
  icon: 'trending-up',
  config: uiChartConfig,
  setup: (ctx) => displayWidget(ctx),
});
