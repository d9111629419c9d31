import { defineNode } from '@millwright/sdk';
import { sparkplugHostConfig } from './config.js';

/** A Sparkplug B 3.0 host application: STATE, session tracking, rebirth requests. */
export default defineNode({
  type: 'sparkplug-host',
  category: 'network',
  version: 1,
  label: 'sparkplug host',
  description:
    'A Sparkplug B 3.0 host application (primary host): announces itself with a retained STATE message (its will says offline), follows the births, data and deaths of edge nodes and devices, and asks for a rebirth when it lost track. Outputs one message per metric value and one per online/offline change.',
  inputs: 0,
  outputs: ['metrics', 'states'],
  icon: 'radio',
  config: sparkplugHostConfig,
  async setup(ctx) {
    const { createSparkplugHost } = await import('./sparkplug-host.js');
    return createSparkplugHost(ctx);
  },
});
