import { defineNode } from '@millwright/sdk';
import { displayWidget } from '../lib/display-widget.js';
import { uiStateConfig } from './config.js';

/** Running / idle / down with the reason, as a coloured lamp. */
export default defineNode({
  type: 'ui-state',
  category: 'dashboard',
  version: 1,
  label: 'state indicator',
  description:
    'Shows a machine state (running, idle, down...) with its reason as a coloured lamp on a dashboard page, and a timeline of the states and reasons. The value is the state text or `{ state, reason }`.',
  inputs: 1,
  outputs: [],
  icon: 'circle',
  config: uiStateConfig,
  setup: (ctx) => displayWidget(ctx),
});
