import { msgPathSchema } from '@millwright/sdk';
import { z } from 'zod';
import { valueProblem } from '../change/typed-value.js';
import { jsonataProblem } from '../jsonata-expression.js';
import { DEFAULT_REGEX_MAX_INPUT, regexProblem } from './regex-problem.js';

const OPERAND_TYPES = ['string', 'number', 'boolean', 'json', 'msg', 'flow', 'global', 'env', 'jsonata'] as const;
const operand = (what: string) => ({
  value: z
    .string()
    .default('')
    .meta({ description: `${what}: a literal, or a path / context key / variable name.` }),
  valueType: z
    .enum(OPERAND_TYPES)
    .default('string')
    .meta({ description: `Type of ${what.toLowerCase()}.` }),
});

const compareRule = z.object({
  op: z.enum(['==', '!=', '<', '<=', '>', '>=', 'contains']).meta({
    description:
      '`==`/`!=` are loose as in Node-RED ("5" == 5; objects compare deeply). `<`... compare numbers (numeric strings count), else strings; other types never match.',
  }),
  ...operand('Value to compare with'),
});

const betweenRule = z.object({
  op: z.literal('between'),
  ...operand('Lower bound'),
  value2: z
    .string()
    .default('')
    .meta({ description: 'Upper bound (inclusive; the bounds may be given in either order).' }),
  value2Type: z.enum(OPERAND_TYPES).default('number'),
});

const regexRule = z.object({
  op: z.literal('regex'),
  value: z.string().meta({ description: 'JavaScript regular expression, without slashes.' }),
  caseInsensitive: z.boolean().default(false),
});

/** Types `istype` can test for. `json` means a string that parses as JSON. */
export const IS_TYPES = [
  'string',
  'number',
  'boolean',
  'array',
  'object',
  'buffer',
  'json',
  'null',
  'undefined',
] as const;
const isTypeRule = z.object({
  op: z.literal('istype'),
  value: z.enum(IS_TYPES).meta({ description: 'Type the property must have.' }),
});

const jsonataRule = z.object({
  op: z.literal('jsonata'),
  value: z.string().meta({
    description: 'JSONata expression over the message (`payload % 2 = 0`); the rule matches when it gives `true`.',
  }),
});

const unaryRule = z.object({
  op: z.enum(['true', 'false', 'null', 'nnull', 'empty', 'nempty', 'else']).meta({
    description: 'is true / is false / is null or undefined / is not null / is empty / is not empty / otherwise.',
  }),
});

/** Config of the switch node: one output per rule. */
export const switchConfig = z
  .object({
    propertyType: z.enum(['msg', 'flow', 'global', 'jsonata']).default('msg').meta({
      description:
        'What is tested: a message property, a flow or global context value (`property` is then the key), or the result of `expression`.',
    }),
    property: msgPathSchema('Message property to test, e.g. `payload` or `payload.state`.').default('payload'),
    expression: z
      .string()
      .default('')
      .meta({
        description: 'JSONata expression over the message whose result is tested.',
        showWhen: { propertyType: ['jsonata'] },
      }),
    rules: z
      .array(z.discriminatedUnion('op', [compareRule, betweenRule, regexRule, isTypeRule, jsonataRule, unaryRule]))
      .default([])
      .meta({ description: 'Rules, one output each. `else` matches when no earlier rule matched.' }),
    checkAll: z
      .boolean()
      .default(true)
      .meta({ description: 'Send to every matching rule (true) or stop at the first match (false).' }),
    repair: z.boolean().default(false).meta({
      description:
        'Recreate message sequences: hold the messages of a sequence (`msg.parts`) until all arrived, then send each output the ones that matched as a sequence of its own (new `parts.id`, index, count), so a join after the switch completes.',
    }),
    maxPending: z
      .number()
      .int()
      .min(1)
      .default(10_000)
      .meta({
        description:
          'With `repair`: most messages held while sequences are incomplete; beyond that the oldest sequence is dropped with `switch_too_many`.',
        advanced: true,
        showWhen: { repair: [true] },
      }),
    regexMaxInput: z.number().int().min(1).default(DEFAULT_REGEX_MAX_INPUT).meta({
      description: 'Longest string a regex rule tests; longer values are cut to this length (ReDoS guard).',
      advanced: true,
    }),
  })
  .superRefine((cfg, ctx) => {
    if (cfg.propertyType === 'jsonata') {
      const problem = jsonataProblem(cfg.expression);
      if (problem) ctx.addIssue({ code: 'custom', path: ['expression'], message: problem });
    } else if (cfg.propertyType !== 'msg') {
      const problem = valueProblem(cfg.propertyType, cfg.property);
      if (problem) ctx.addIssue({ code: 'custom', path: ['property'], message: problem });
    }
    const operandProblem = (type: (typeof OPERAND_TYPES)[number], value: string) =>
      type === 'jsonata' ? jsonataProblem(value) : valueProblem(type, value);
    cfg.rules.forEach((rule, i) => {
      const add = (key: string, message: string) => ctx.addIssue({ code: 'custom', path: ['rules', i, key], message });
      if (rule.op === 'jsonata') {
        const problem = jsonataProblem(rule.value);
        if (problem) add('value', problem);
      } else if (rule.op === 'regex') {
        const problem = regexProblem(rule.value, rule.caseInsensitive ? 'i' : '');
        if (problem) add('value', problem);
      } else if ('valueType' in rule) {
        const problem = operandProblem(rule.valueType, rule.value);
        if (problem) add('value', problem);
        if (rule.op === 'between') {
          const problem2 = operandProblem(rule.value2Type, rule.value2);
          if (problem2) add('value2', problem2);
        }
      }
    });
  });

export type SwitchConfig = z.output<typeof switchConfig>;
export type SwitchRule = SwitchConfig['rules'][number];

/** Port label for a rule, shown on the canvas. */
export function ruleLabel(rule: SwitchRule): string {
  switch (rule.op) {
    case 'between':
      return `between ${operandLabel(rule.valueType, rule.value)} and ${operandLabel(rule.value2Type, rule.value2)}`;
    case 'regex':
      return `matches /${rule.value}/${rule.caseInsensitive ? 'i' : ''}`;
    case 'istype':
      return `is ${rule.value}`;
    case 'jsonata':
      return `JSONata ${rule.value}`;
    case 'true':
    case 'false':
      return `is ${rule.op}`;
    case 'null':
      return 'is null';
    case 'nnull':
      return 'is not null';
    case 'empty':
      return 'is empty';
    case 'nempty':
      return 'is not empty';
    case 'else':
      return 'otherwise';
    default:
      return `${rule.op} ${operandLabel(rule.valueType, rule.value)}`;
  }
}

function operandLabel(type: (typeof OPERAND_TYPES)[number], value: string): string {
  if (type === 'string') return JSON.stringify(value);
  if (type === 'msg' || type === 'flow' || type === 'global' || type === 'env') return `${type}.${value}`;
  if (type === 'jsonata') return `JSONata ${value}`;
  return value;
}
