import { defineNode } from '@millwright/sdk';
import { displayWidget } from '../lib/display-widget.js';
import { uiValueConfig } from './config.js';

/** A tile with one value (number or text), coloured by thresholds. */
export default defineNode({
  type: 'ui-value',
  category: 'dashboard',
  version: 1,
  label: 'value tile',
  description:
    'Shows the latest value of its input messages on a dashboard page: a number with unit and decimals, or text, coloured ok / warning / alarm by thresholds.',
  inputs: 1,
  outputs: [],
  icon: 'hash',
  config: uiValueConfig,
  setup: (ctx) => displayWidget(ctx),
});
