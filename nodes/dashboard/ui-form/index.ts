import { checkDashboardForm } from '@millwright/model';
import { defineNode } from '@millwright/sdk';
import { inputWidget } from '../lib/input-widget.js';
import { uiFormConfig } from './config.js';

/** Sends the entered fields as the payload when an operator submits valid values. */
export default defineNode({
  type: 'ui-form',
  category: 'dashboard',
  version: 1,
  label: 'form',
  description:
    'A form on a dashboard page (text, number and select fields with required, min/max, pattern). A valid submit sends `{ field: value }` with msg.user of the operator; the node checks the values again, so a hand-made request cannot slip past the rules. Needs the operator role; audited.',
  inputs: 0,
  outputs: ['submitted'],
  icon: 'edit',
  config: uiFormConfig,
  setup: (ctx) =>
    inputWidget(ctx, (value) => {
      const { values, issues } = checkDashboardForm(ctx.config.fields, value);
      return issues.length ? { issues } : { payload: values };
    }),
});
