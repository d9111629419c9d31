import { defineNode, reportConnectionStatus } from '@millwright/sdk';
import { modbusClientConfig } from './config.js';

/** A connection to one Modbus TCP device, shared by the modbus-read and modbus-write nodes of a flow. */
export default defineNode({
  type: 'modbus-client',
  category: 'config',
  version: 1,
  label: 'Modbus client',
  description:
    'Connection to a Modbus TCP device or gateway: host, port, unit id, request timeout. Reconnects by itself with a growing wait; requests are sent one at a time.',
  isConfig: true,
  inputs: 0,
  outputs: [],
  config: modbusClientConfig,
  warmup: () => import('modbus-serial'),
  async setup(ctx) {
    const { ModbusConnection } = await import('./modbus-connection.js');
    const connection = new ModbusConnection(ctx.config, ctx);
    connection.onStatus((s) => reportConnectionStatus(ctx, connection.target, s, ctx.config.required));
    connection.start();
    return { api: connection, close: () => connection.close() };
  },
});
