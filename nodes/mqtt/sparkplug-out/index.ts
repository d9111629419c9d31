import { defineNode } from '@millwright/sdk';
import { sparkplugOutConfig } from './config.js';

/** Publishes metrics as a Sparkplug B edge node. */
export default defineNode({
  type: 'sparkplug-out',
  category: 'network',
  version: 1,
  label: 'sparkplug out',
  description:
    'A Sparkplug B edge node (optionally one device): births with bdSeq on every connect, NDATA/DDATA with sequence numbers for msg.payload { name: value }, NDEATH as will and on close, rebirth on command. Other commands (NCMD/DCMD) come out of the output.',
  inputs: 1,
  outputs: ['commands'],
  icon: 'radio',
  config: sparkplugOutConfig,
  async setup(ctx) {
    const { createSparkplugOut } = await import('./sparkplug-out.js');
    return createSparkplugOut(ctx);
  },
});
