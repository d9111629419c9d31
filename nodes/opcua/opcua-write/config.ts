import { z } from 'zod';
import { WRITABLE_TYPES } from '../opcua-endpoint/variant.js';

/** Config of the opcua-write node. */
export const opcuaWriteConfig = z.object({
  endpoint: z
    .string()
    .min(1, 'choose an OPC UA endpoint')
    .meta({ description: 'The OPC UA endpoint config node.', configRef: 'opcua-endpoint' }),
  nodeId: z.string().trim().default('').meta({
    description: 'Variable to write, e.g. `ns=1;s=Line1.Machine1.TemperatureSetpoint`; empty: msg.topic.',
    widget: 'opcua-nodeid',
  }),
  dataType: z
    .enum(['auto', ...WRITABLE_TYPES])
    .default('auto')
    .meta({ description: "Type to write msg.payload as; `auto` asks the server for the variable's type (once)." }),
});

export type OpcuaWriteConfig = z.output<typeof opcuaWriteConfig>;
