import { defineNode } from '@millwright/sdk';
import { displayWidget } from '../lib/display-widget.js';
import { uiOeeConfig } from './config.js';

/** Availability, performance, quality and OEE of an oee node's records, with losses by reason. */
export default defineNode({
  type: 'ui-oee',
  category: 'dashboard',
  version: 1,
  label: 'OEE tile',
  description:
    'Shows an OEE record (wire the output of an oee node): availability, performance, quality and OEE with bars, part counts, and downtime by reason, drawn as the editor draws its OEE panel.',
  inputs: 1,
  outputs: [],
  icon: 'clock',
  config: uiOeeConfig,
  setup: (ctx) => displayWidget(ctx),
});
