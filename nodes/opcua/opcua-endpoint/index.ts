import { defineNode, reportConnectionStatus } from '@millwright/sdk';
import { opcuaEndpointConfig, opcuaEndpointCredentials } from './config.js';

/** A connection to one OPC UA server, shared by the opcua-* nodes of a flow. */
export default defineNode({
  type: 'opcua-endpoint',
  category: 'config',
  version: 1,
  label: 'OPC UA endpoint',
  description:
    'Connection to an OPC UA server: endpoint URL, security mode and policy, anonymous or user/password login, certificate folder. Reconnects by itself and re-creates subscriptions after a server restart.',
  isConfig: true,
  inputs: 0,
  outputs: [],
  config: opcuaEndpointConfig,
  credentials: opcuaEndpointCredentials,
  // node-opcua takes about a second to import: a standby runtime loads it before a takeover.
  warmup: () => Promise.all([import('./opcua-connection.js'), import('node-opcua')]),
  async setup(ctx) {
    const { OpcuaConnection } = await import('./opcua-connection.js');
    const connection = new OpcuaConnection(ctx.config, ctx.credentials.password, ctx.log, ctx.dataDir);
    // The health follows the connection from the first attempt on, until close() reports it closed.
    connection.onStatus((s) => reportConnectionStatus(ctx, connection.endpointUrl, s, ctx.config.required));
    connection.start();
    return { api: connection, close: () => connection.close() };
  },
});
