import { defineNode } from '@millwright/sdk';
import { modbusReadConfig } from './config.js';

/** Reads coils, discrete inputs, holding or input registers of a Modbus TCP device. */
export default defineNode({
  type: 'modbus-read',
  category: 'network',
  version: 1,
  label: 'modbus read',
  description:
    'Reads coils, discrete inputs, holding or input registers from a Modbus TCP device, on each message or every pollMs. Registers are decoded as int16/uint16/int32/uint32/float32/float64 in the chosen byte/word order and optionally scaled. msg.payload is the value (quantity 1) or an array; msg.modbus has the area, address, unit id and raw registers.',
  inputs: 1,
  outputs: ['out'],
  icon: 'download',
  config: modbusReadConfig,
  async setup(ctx) {
    const { createModbusRead } = await import('./modbus-read.js');
    return createModbusRead(ctx);
  },
});
