import { defineNode } from '@millwright/sdk';
import { opcuaWriteConfig } from './config.js';

/** Writes msg.payload to an OPC UA variable. */
export default defineNode({
  type: 'opcua-write',
  category: 'network',
  version: 1,
  label: 'opcua write',
  description:
    'Writes msg.payload to an OPC UA variable (setpoints, work orders). The data type is looked up on the server or set explicitly; a refused write raises an error, a write whose answer never came `outcome_unknown` (or is verified by reading back). Optionally writes each message key only once.',
  inputs: 1,
  outputs: ['out'],
  icon: 'upload',
  config: opcuaWriteConfig,
  async setup(ctx) {
    const { createOpcuaWrite } = await import('./opcua-write.js');
    return createOpcuaWrite(ctx);
  },
});
