import { z } from 'zod';

/** Config of the unsupported node: a placeholder keeping a node that could not be converted. */
export const unsupportedConfig = z.object({
  originalType: z
    .string()
    .min(1)
    .meta({ description: 'Type of the original node, e.g. `ui_gauge` or `modbus-read` (Node-RED).' }),
  source: z
    .string()
    .default('node-red')
    .meta({ description: 'Where the original node came from (`node-red` for imported flows).' }),
  reason: z.string().default('').meta({ description: 'Why the node was not converted.' }),
  outputs: z
    .number()
    .int()
    .min(0)
    .max(64)
    .default(1)
    .meta({ description: 'Number of output ports, kept from the original so its wires survive.' }),
  original: z
    .record(z.string(), z.unknown())
    .default({})
    .meta({ description: 'The original node definition, unchanged, for a manual conversion later.', advanced: true }),
  related: z.array(z.record(z.string(), z.unknown())).default([]).meta({
    description:
      'Definitions the original depends on and that were not converted either (a dashboard group, a subflow and its nodes), unchanged.',
    advanced: true,
  }),
});

export type UnsupportedConfig = z.output<typeof unsupportedConfig>;
