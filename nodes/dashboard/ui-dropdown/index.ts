import { defineNode } from '@millwright/sdk';
import { inputWidget } from '../lib/input-widget.js';
import { uiDropdownConfig } from './config.js';

/** Sends the chosen value when an operator picks one. */
export default defineNode({
  type: 'ui-dropdown',
  category: 'dashboard',
  version: 1,
  label: 'dropdown',
  description:
    'A dropdown on a dashboard page: picking a choice sends its value as the payload with msg.user of the operator (only listed values are accepted). Needs the operator role; audited.',
  inputs: 0,
  outputs: ['chosen'],
  icon: 'list',
  config: uiDropdownConfig,
  setup: (ctx) =>
    inputWidget(ctx, (value) =>
      ctx.config.options.some((o) => o.value === value)
        ? { payload: value }
        : { issues: [{ field: 'value', message: 'choose one of the listed values' }] },
    ),
});
