import { defineNode } from '@millwright/sdk';
import { sparkplugInConfig } from './config.js';

/** Receives Sparkplug B messages as a host application. */
export default defineNode({
  type: 'sparkplug-in',
  category: 'network',
  version: 1,
  label: 'sparkplug in',
  description:
    'A Sparkplug B host: decodes NBIRTH/NDATA/NDEATH and device messages into { name: value } payloads, tracks online state by bdSeq, checks sequence numbers and requests a rebirth when something was missed.',
  inputs: 0,
  outputs: ['messages'],
  icon: 'radio',
  config: sparkplugInConfig,
  async setup(ctx) {
    const { createSparkplugIn } = await import('./sparkplug-in.js');
    return createSparkplugIn(ctx);
  },
});
