import { z } from 'zod';
import { enumNamesOption } from '../opcua-endpoint/value-options.js';
import { opcuaNodeIdField } from '../opcua-endpoint/node-id-schema.js';

/** A NodeId to read or monitor, with an optional short name used as topic / payload key. */
export const opcuaItem = z.object({
  nodeId: opcuaNodeIdField({
    description:
      'NodeId, e.g. `ns=1;s=Line1.Machine1.Temperature` or, stable across servers, `nsu=urn:millwright:sim-plc;s=Line1.Machine1.Temperature`.',
    required: true,
  }),
  name: z
    .string()
    .default('')
    .meta({ description: 'Short name for msg.topic or the payload key; default the NodeId.' }),
});

export type OpcuaItem = z.output<typeof opcuaItem>;

/** Config of the opcua-read node. */
export const opcuaReadConfig = z.object({
  endpoint: z
    .string()
    .min(1, 'choose an OPC UA endpoint')
    .meta({ description: 'The OPC UA endpoint config node.', configRef: 'opcua-endpoint' }),
  items: z.array(opcuaItem).default([]).meta({
    description:
      'Variables to read on each message. None: the NodeId comes from msg.topic. One: msg.payload is its value. Several: msg.payload is an object keyed by name.',
  }),
  enumNames: enumNamesOption,
  maxAgeMs: z.number().int().min(0).default(0).meta({
    description: 'Accept a value cached by the server up to this age; 0 reads from the device.',
    advanced: true,
  }),
});

export type OpcuaReadConfig = z.output<typeof opcuaReadConfig>;
