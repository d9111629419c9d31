import { msgPathSchema } from '@millwright/sdk';
import { z } from 'zod';

/** Config of the yaml node. */
export const yamlConfig = z.object({
  property: msgPathSchema('Message property to convert, e.g. `payload`.').default('payload'),
  maxAliases: z.number().int().min(0).default(100).meta({
    description:
      'Most alias nodes (`*name`) a document may use when parsed; more raises `yaml_parse_failed` (guards against alias bombs).',
    advanced: true,
  }),
});

export type YamlConfig = z.output<typeof yamlConfig>;
