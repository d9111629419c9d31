import { defineNode } from '@millwright/sdk';
import { isa95MapConfig } from './config.js';

/** Maps between message JSON and ISA-95 B2MML (V0701, V0600) in both directions. */
export default defineNode({
  type: 'isa95-map',
  category: 'enterprise',
  version: 1,
  label: 'isa95 map',
  description:
    'Builds B2MML (ISA-95) XML from message fields through a mapping table, or reads B2MML into JSON. ' +
    'Writes V0701 or V0600 documents that validate against MESA schemas; faults name the path of each problem.',
  inputs: 1,
  outputs: ['out'],
  icon: 'factory',
  config: isa95MapConfig,
  async setup(ctx) {
    const { createIsa95Map } = await import('./isa95-map.js');
    return createIsa95Map(ctx);
  },
});
