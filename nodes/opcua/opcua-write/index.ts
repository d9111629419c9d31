import { defineNode } from '@millwright/sdk';
import { opcuaWriteConfig } from './config.js';

/** Writes msg.payload to an OPC UA variable. */
export default defineNode({
  type: 'opcua-write',
  category: 'network',
  version: 1,
  label: 'opcua write',
  description:
    'Writes msg.payload to an OPC UA variable (setpoints, work orders). The data type is looked up on the server or set explicitly; a refused write raises an error.',
  inputs: 1,
  outputs: ['out'],
  icon: 'upload',
  config: opcuaWriteConfig,
  async setup(ctx) {
    const { createOpcuaWrite } = await import('./opcua-write.js');
    return createOpcuaWrite(ctx);
  },
});
