import { defineNode } from '@millwright/sdk';
import { displayWidget } from '../lib/display-widget.js';
import { uiBarConfig } from './config.js';

/** Horizontal bars of labelled values. */
export default defineNode({
  type: 'ui-bar',
  category: 'dashboard',
  version: 1,
  label: 'bar chart',
  description:
    'Draws labelled values as bars on a dashboard page. The value is an object `{ label: number }` or a list `[{ label, value }]` (e.g. output vs target).',
  inputs: 1,
  outputs: [],
  icon: 'bar-chart',
  config: uiBarConfig,
  setup: (ctx) => displayWidget(ctx),
});
