import { z } from 'zod';
import { opcuaNodeIdField } from '../opcua-endpoint/node-id-schema.js';

/** Config of the opcua-method node. */
export const opcuaMethodConfig = z.object({
  endpoint: z
    .string()
    .min(1, 'choose an OPC UA endpoint')
    .meta({ description: 'The OPC UA endpoint config node.', configRef: 'opcua-endpoint' }),
  objectId: opcuaNodeIdField({
    description: 'NodeId of the object the method is called on, e.g. `ns=1;s=Line1.Machine1`; empty: msg.objectId.',
  }).default(''),
  methodId: opcuaNodeIdField({ description: 'NodeId of the method; empty: msg.methodId.' }).default(''),
  arguments: z
    .array(
      z.object({
        name: z.string().trim().min(1, 'the argument name is required').meta({
          description: 'Input argument name as the method declares it (InputArguments).',
        }),
        value: z.string().default('').meta({
          description:
            'Value, converted to the argument type: `42`, `true`, `text`; an array argument takes JSON `[1, 2]`.',
        }),
      }),
    )
    .default([])
    .meta({
      description:
        'Input argument values by name. msg.payload as an array (in argument order) or an object (by argument name) replaces them.',
      widget: 'table',
    }),
});

export type OpcuaMethodConfig = z.output<typeof opcuaMethodConfig>;
