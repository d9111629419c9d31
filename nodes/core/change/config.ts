import { msgPathSchema } from '@millwright/sdk';
import { z } from 'zod';
import { DEFAULT_REGEX_MAX_INPUT, regexProblem } from '../switch/regex-problem.js';
import { jsonataProblem } from '../jsonata-expression.js';
import { VALUE_TYPES, valueProblem } from './typed-value.js';

const property = msgPathSchema('Message property the rule acts on, e.g. `payload` or `payload.items[0].qty`.');

const scope = z.enum(['msg', 'flow', 'global']).default('msg').meta({
  description:
    'Where `property` lives: the message, or flow / global context (the first path segment is the context key).',
});

const setRule = z.object({
  action: z.literal('set'),
  scope,
  property,
  valueType: z
    .enum([...VALUE_TYPES, 'jsonata'])
    .default('string')
    .meta({
      description:
        'Where the value comes from: a literal, another msg property, context, env, the time, or a JSONata expression over the message.',
    }),
  value: z.string().default('').meta({
    description: 'The literal, or the path / context key / variable name / JSONata expression, depending on `type`.',
  }),
});

const changeRule = z.object({
  action: z.literal('change'),
  property,
  search: z.string().min(1).meta({ description: 'Text (or regular expression) to look for in a string property.' }),
  searchType: z.enum(['string', 'regex']).default('string').meta({
    description: '`string`: replace every occurrence literally. `regex`: a JavaScript regex, applied globally.',
  }),
  replace: z
    .string()
    .default('')
    .meta({ description: 'Replacement text. With `regex`, `$1`... refer to capture groups.' }),
});

const deleteRule = z.object({ action: z.literal('delete'), scope, property });

const moveRule = z.object({
  action: z.literal('move'),
  property,
  to: msgPathSchema('Destination property; the source property is removed.'),
});

/** Config of the change node: rules applied in order to each message. */
export const changeConfig = z
  .object({
    rules: z
      .array(z.discriminatedUnion('action', [setRule, changeRule, deleteRule, moveRule]))
      .default([])
      .meta({ description: 'Rules applied in order: set, change (search/replace), delete, move.' }),
    regexMaxInput: z.number().int().min(1).default(DEFAULT_REGEX_MAX_INPUT).meta({
      description:
        'Longest string a regex `change` rule runs on; a longer value raises an error instead (ReDoS guard).',
      advanced: true,
    }),
  })
  .superRefine((cfg, ctx) => {
    cfg.rules.forEach((rule, i) => {
      if (rule.action === 'set') {
        const problem =
          rule.valueType === 'jsonata' ? jsonataProblem(rule.value) : valueProblem(rule.valueType, rule.value);
        if (problem) ctx.addIssue({ code: 'custom', path: ['rules', i, 'value'], message: problem });
      } else if (rule.action === 'change' && rule.searchType === 'regex') {
        const problem = regexProblem(rule.search, 'g');
        if (problem) ctx.addIssue({ code: 'custom', path: ['rules', i, 'search'], message: problem });
      }
    });
  });

export type ChangeConfig = z.output<typeof changeConfig>;
export type ChangeRule = ChangeConfig['rules'][number];
