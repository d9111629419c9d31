import { createRequire } from 'node:module';
import type Mustache from 'mustache';
import { msgPathSchema } from '@millwright/sdk';
import { z } from 'zod';

// Config schemas are loaded wherever node definitions are (the runtime's main process too), so
// mustache is required on first use rather than imported: loading the definitions stays light.
const require = createRequire(import.meta.url);

/** Config of the template node. */
export const templateConfig = z
  .object({
    template: z.string().default('The payload is {{payload}}.').meta({
      description:
        'Mustache template. It sees the message properties (`{{payload.temp}}`), `msg`, `flow.<key>`, `global.<key>` and `env.<NAME>`.',
      widget: 'code',
    }),
    syntax: z
      .enum(['mustache', 'plain'])
      .default('mustache')
      .meta({ description: '`mustache` renders the template; `plain` uses it as it is.' }),
    format: z.enum(['text', 'json', 'yaml']).default('text').meta({
      description: '`text` sets a string; `json` or `yaml` parse the result into a value (a parse error is reported).',
    }),
    property: msgPathSchema('Message property that receives the result.').default('payload'),
  })
  .superRefine((cfg, ctx) => {
    if (cfg.syntax === 'mustache') {
      try {
        (require('mustache') as typeof Mustache).parse(cfg.template);
      } catch (err) {
        ctx.addIssue({
          code: 'custom',
          path: ['template'],
          message: `invalid template: ${err instanceof Error ? err.message : String(err)}`,
        });
      }
    } else if (cfg.format === 'json') {
      try {
        JSON.parse(cfg.template);
      } catch (err) {
        ctx.addIssue({
          code: 'custom',
          path: ['template'],
          message: `invalid JSON: ${err instanceof Error ? err.message : String(err)}`,
        });
      }
    }
  });

export type TemplateConfig = z.output<typeof templateConfig>;
