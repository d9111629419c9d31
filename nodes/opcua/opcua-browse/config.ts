import { z } from 'zod';
import { opcuaNodeIdField } from '../opcua-endpoint/node-id-schema.js';

/** Config of the opcua-browse node. */
export const opcuaBrowseConfig = z.object({
  endpoint: z
    .string()
    .min(1, 'choose an OPC UA endpoint')
    .meta({ description: 'The OPC UA endpoint config node.', configRef: 'opcua-endpoint' }),
  nodeId: opcuaNodeIdField({
    description: 'Node to browse; empty: msg.topic, else the Objects folder (i=85).',
  }).default(''),
  depth: z
    .number()
    .int()
    .min(1)
    .max(5)
    .default(1)
    .meta({ description: 'Levels to descend; from 2 on, nodes with children carry a `children` array.' }),
  maxNodes: z
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(1_000)
    .meta({ description: 'Stop descending after this many nodes (msg.truncated is then true).', advanced: true }),
});

export type OpcuaBrowseConfig = z.output<typeof opcuaBrowseConfig>;
