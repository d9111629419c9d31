import { defineNode } from '@millwright/sdk';
import { modbusWriteConfig } from './config.js';

/** Writes coils or holding registers of a Modbus TCP device. */
export default defineNode({
  type: 'modbus-write',
  category: 'network',
  version: 1,
  label: 'modbus write',
  description:
    'Writes msg.payload (a number or boolean, or an array of them) to coils or holding registers of a Modbus TCP device from the configured address on, encoded with the same data types, byte/word orders and scaling as modbus-read. Passes the message on with msg.modbus describing the write.',
  inputs: 1,
  outputs: ['out'],
  icon: 'upload',
  config: modbusWriteConfig,
  async setup(ctx) {
    const { createModbusWrite } = await import('./modbus-write.js');
    return createModbusWrite(ctx);
  },
});
