import { defineNode } from '@millwright/sdk';
import { opcuaSubscribeConfig } from './config.js';

/** Sends a message whenever a monitored OPC UA variable changes. */
export default defineNode({
  type: 'opcua-subscribe',
  category: 'network',
  version: 1,
  label: 'opcua subscribe',
  description:
    'Monitors OPC UA variables (sampling and publishing interval, deadband, queue size) and sends a message per change. Survives reconnections and server restarts.',
  inputs: 0,
  outputs: ['changes'],
  icon: 'bell',
  config: opcuaSubscribeConfig,
  async setup(ctx) {
    const { createOpcuaSubscribe } = await import('./opcua-subscribe.js');
    return createOpcuaSubscribe(ctx);
  },
});
