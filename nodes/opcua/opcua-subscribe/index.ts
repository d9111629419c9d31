import { defineNode } from '@millwright/sdk';
import { keepBareEnums } from '../opcua-endpoint/value-options.js';
import { opcuaSubscribeConfig } from './config.js';

/** Sends a message whenever a monitored OPC UA variable changes. */
export default defineNode({
  type: 'opcua-subscribe',
  category: 'network',
  version: 2,
  // Version 2 names enumeration values; flows made before keep the bare numbers.
  migrations: { 1: keepBareEnums },
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
