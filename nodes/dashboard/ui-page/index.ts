import { defineNode } from '@millwright/sdk';
import { uiPageConfig } from './config.js';

/** A dashboard page; widget nodes name it. The runtime serves it at `/dashboard/<path>`. */
export default defineNode({
  type: 'ui-page',
  category: 'dashboard',
  version: 1,
  label: 'dashboard page',
  description:
    'A dashboard page served by the runtime at /dashboard/<path>, with a title, a theme and the roles that may open it. Widget nodes (value, gauge, chart, OEE, buttons, forms...) name the page they appear on.',
  inputs: 0,
  outputs: [],
  isConfig: true,
  icon: 'layout',
  config: uiPageConfig,
  setup: (ctx) => ({ api: { path: ctx.config.path } }),
});
