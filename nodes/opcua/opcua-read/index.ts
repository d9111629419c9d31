import { defineNode } from '@millwright/sdk';
import { keepBareEnums } from '../opcua-endpoint/value-options.js';
import { opcuaReadConfig } from './config.js';

/** Reads OPC UA variables when a message arrives. */
export default defineNode({
  type: 'opcua-read',
  category: 'network',
  version: 2,
  // Version 2 names enumeration values; flows made before keep the bare numbers.
  migrations: { 1: keepBareEnums },
  label: 'opcua read',
  description:
    'Reads one or more OPC UA variables for each incoming message. The value goes to msg.payload, status code, data type and timestamps to msg.opcua.',
  inputs: 1,
  outputs: ['out'],
  icon: 'download',
  config: opcuaReadConfig,
  async setup(ctx) {
    const { createOpcuaRead } = await import('./opcua-read.js');
    return createOpcuaRead(ctx);
  },
});
