import type { AnyNodeDefinition } from '@millwright/sdk';
import modbusClient from './modbus-client/index.js';
import modbusRead from './modbus-read/index.js';
import modbusWrite from './modbus-write/index.js';

/** The Modbus TCP nodes (modbus-serial, loaded when a client starts). */
export const nodes: AnyNodeDefinition[] = [modbusClient, modbusRead, modbusWrite];

export { decodeValues, encodeValues, registersPer, DATA_TYPES, WORD_ORDERS } from './lib/codec.js';
export type { DataType, WordOrder, LinearScale } from './lib/codec.js';
export { MODBUS_EXCEPTIONS } from './lib/modbus-error.js';
