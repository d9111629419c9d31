import { defineNode } from '@millwright/sdk';
import { displayWidget } from '../lib/display-widget.js';
import { uiGaugeConfig } from './config.js';

/** A half-circle gauge between min and max. */
export default defineNode({
  type: 'ui-gauge',
  category: 'dashboard',
  version: 1,
  label: 'gauge',
  description: 'Shows a number on a half-circle gauge between min and max on a dashboard page, coloured by thresholds.',
  inputs: 1,
  outputs: [],
  icon: 'gauge',
  config: uiGaugeConfig,
  setup: (ctx) => displayWidget(ctx),
});
