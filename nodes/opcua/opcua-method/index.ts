import { defineNode } from '@millwright/sdk';
import { opcuaMethodConfig } from './config.js';

/** Calls an OPC UA method for each message. */
export default defineNode({
  type: 'opcua-method',
  category: 'network',
  version: 1,
  label: 'opcua method',
  description:
    'Calls an OPC UA method for each incoming message, with input arguments from the config or msg.payload (array or object by name), typed as the method declares them. msg.payload becomes the output arguments by name; a Bad status raises a coded error naming it.',
  inputs: 1,
  outputs: ['out'],
  icon: 'play',
  config: opcuaMethodConfig,
  async setup(ctx) {
    const { createOpcuaMethod } = await import('./opcua-method.js');
    return createOpcuaMethod(ctx);
  },
});
