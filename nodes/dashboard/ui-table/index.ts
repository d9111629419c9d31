import { defineNode } from '@millwright/sdk';
import { displayWidget } from '../lib/display-widget.js';
import { uiTableConfig } from './config.js';

/** A table of rows with paging. */
export default defineNode({
  type: 'ui-table',
  category: 'dashboard',
  version: 1,
  label: 'table',
  description:
    'Shows rows (objects) as a table with paging on a dashboard page: each value is the whole table, or with `append` one new row.',
  inputs: 1,
  outputs: [],
  icon: 'table',
  config: uiTableConfig,
  setup: (ctx) => displayWidget(ctx),
});
