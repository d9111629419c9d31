import { defineNode } from '@millwright/sdk';
import { opcuaBrowseConfig } from './config.js';

/** Lists the address space below an OPC UA node. */
export default defineNode({
  type: 'opcua-browse',
  category: 'network',
  version: 1,
  label: 'opcua browse',
  description:
    'Browses the OPC UA address space below a node (default the Objects folder) and sends the children, with node class, data type and whether they have children, optionally several levels deep.',
  inputs: 1,
  outputs: ['out'],
  icon: 'folder-tree',
  config: opcuaBrowseConfig,
  async setup(ctx) {
    const { createOpcuaBrowse } = await import('./opcua-browse.js');
    return createOpcuaBrowse(ctx);
  },
});
