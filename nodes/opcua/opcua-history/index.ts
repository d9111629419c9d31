import { defineNode } from '@millwright/sdk';
import { opcuaHistoryConfig } from './config.js';

/** Reads the stored history of an OPC UA variable. */
export default defineNode({
  type: 'opcua-history',
  category: 'network',
  version: 1,
  label: 'opcua history',
  description:
    'Reads the raw history of an OPC UA variable over a time range (absolute, or relative like -1h) for each incoming message. msg.payload is an array of { value, sourceTimestamp, serverTimestamp, statusCode }, oldest first.',
  inputs: 1,
  outputs: ['out'],
  icon: 'trending-up',
  config: opcuaHistoryConfig,
  async setup(ctx) {
    const { createOpcuaHistory } = await import('./opcua-history.js');
    return createOpcuaHistory(ctx);
  },
});
