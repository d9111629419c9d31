import { createRequire } from 'node:module';
import { msgPathSchema } from '@millwright/sdk';
import type { CheerioAPI } from 'cheerio';
import { z } from 'zod';

// Config schemas load wherever node definitions do (the runtime's main process too): cheerio is
// required on first use, so loading the definitions stays light.
const require = createRequire(import.meta.url);

/** Why `selector` is not a usable CSS selector, or undefined. */
export function selectorProblem(selector: string): string | undefined {
  try {
    const { load } = require('cheerio') as { load(html: string): CheerioAPI };
    load('')(selector);
    return undefined;
  } catch (err) {
    return `invalid CSS selector "${selector}": ${err instanceof Error ? err.message : String(err)}`;
  }
}

/** Config of the html node. */
export const htmlConfig = z
  .object({
    property: msgPathSchema('Message property holding the HTML text.').default('payload'),
    selector: z
      .string()
      .default('')
      .meta({
        description: 'CSS selector of the elements to extract (`h1`, `ul.parts > li`). Empty: `msg.select`.',
        examples: ['ul.parts > li'],
      }),
    output: z.enum(['html', 'text', 'attributes', 'element']).default('html').meta({
      description:
        'Per element: its inner HTML, its text, its attributes (an object), or `element`: the attributes with the inner HTML under `contentKey`.',
    }),
    contentKey: z
      .string()
      .min(1)
      .default('_')
      .meta({ description: 'Key of the inner HTML in `element` output.', showWhen: { output: ['element'] } }),
    multiple: z.boolean().default(false).meta({
      description:
        'Send one message per element (a sequence with `msg.parts`, so a join puts them together) instead of one message with an array.',
    }),
    outProperty: msgPathSchema('Message property for the result; empty: `property`.', { allowEmpty: true }).default(''),
    maxInput: z
      .number()
      .int()
      .min(1)
      .default(10 * 1024 * 1024)
      .meta({
        description: 'Longest HTML text parsed, in characters; longer raises `html_too_large`.',
        advanced: true,
      }),
  })
  .superRefine((cfg, ctx) => {
    const problem = cfg.selector.trim() ? selectorProblem(cfg.selector) : undefined;
    if (problem) ctx.addIssue({ code: 'custom', path: ['selector'], message: problem });
  });

export type HtmlConfig = z.output<typeof htmlConfig>;
