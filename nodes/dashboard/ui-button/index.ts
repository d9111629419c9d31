import { defineNode } from '@millwright/sdk';
import { inputWidget } from '../lib/input-widget.js';
import { uiButtonConfig } from './config.js';

/** Sends its payload into the flow when an operator presses it. */
export default defineNode({
  type: 'ui-button',
  category: 'dashboard',
  version: 1,
  label: 'button',
  description:
    'A button on a dashboard page. Pressing it (after an optional confirmation) sends the configured payload with msg.user { name, role } of the operator. Needs the operator role; every press is in the audit log.',
  inputs: 0,
  outputs: ['pressed'],
  icon: 'mouse-pointer',
  config: uiButtonConfig,
  setup: (ctx) => {
    const payload = parsePayload(ctx.config.payload);
    return inputWidget(ctx, () => ({ payload }));
  },
});

function parsePayload(text: string): unknown {
  if (text === '') return true;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
