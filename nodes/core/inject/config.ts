import { createRequire } from 'node:module';
import type { Cron } from 'croner';
import { msgPathSchema } from '@millwright/sdk';
import { z } from 'zod';
import { valueProblem } from '../change/typed-value.js';
import { jsonataProblem } from '../jsonata-expression.js';

// Config schemas are loaded wherever node definitions are (the runtime's main process too), so
// croner is required on first use rather than imported: loading the definitions stays light.
const require = createRequire(import.meta.url);

const PAYLOAD_TYPES = ['string', 'number', 'boolean', 'json', 'timestamp', 'empty', 'env', 'jsonata'] as const;
const typedProblem = (type: (typeof PAYLOAD_TYPES)[number], value: string) =>
  type === 'jsonata' ? jsonataProblem(value) : valueProblem(type, value);

/** Why `expr` is not a usable cron expression (5 fields, or 6 with seconds first), or undefined. */
function cronProblem(expr: string): string | undefined {
  try {
    const { Cron: CronClass } = require('croner') as { Cron: typeof Cron };
    new CronClass(expr, { paused: true, mode: '5-or-6-parts' }).stop();
    return undefined;
  } catch (err) {
    const why = (err instanceof Error ? err.message : String(err)).replace(/^CronPattern: /, '');
    return `invalid cron expression "${expr}": ${why}. Use "sec min hour day month weekday" or "min hour day month weekday", e.g. "*/10 * * * * *"`;
  }
}

/** Config of the inject node. */
export const injectConfig = z
  .object({
    payloadType: z.enum(PAYLOAD_TYPES).default('timestamp').meta({
      description:
        'Type of `payload`: a literal, the current time in ms, nothing, an environment variable, or a JSONata expression.',
    }),
    payload: z
      .string()
      .default('')
      .meta({
        description: 'The payload literal, the variable name for `env`, or the JSONata expression.',
        showWhen: { payloadType: ['string', 'number', 'boolean', 'json', 'env', 'jsonata'] },
      }),
    topic: z.string().default('').meta({ description: '`msg.topic` of injected messages; left unset when empty.' }),
    props: z
      .array(
        z.object({
          property: msgPathSchema('Message property to set, e.g. `machine` or `meta.line`.'),
          valueType: z.enum(PAYLOAD_TYPES).default('string'),
          value: z.string().default(''),
        }),
      )
      .default([])
      .meta({ description: 'Extra message properties set on every injected message.', advanced: true }),
    once: z.boolean().default(false).meta({ description: 'Inject once shortly after the flow starts.' }),
    onceDelayMs: z
      .number()
      .int()
      .min(0)
      .default(100)
      .meta({ description: 'Delay before the start-up injection, in ms.', showWhen: { once: [true] } }),
    repeat: z
      .enum(['none', 'interval', 'cron'])
      .default('none')
      .meta({ description: 'Repeat: never, every `intervalMs`, or on a `cron` schedule.' }),
    intervalMs: z
      .number()
      .int()
      .min(10)
      .default(1000)
      .meta({ description: 'Interval between injections, in ms (at least 10).', showWhen: { repeat: ['interval'] } }),
    cron: z
      .string()
      .default('')
      .meta({
        description: "Cron expression; seconds are optional as a 6th leading field. Runs in the runtime's local time.",
        examples: ['*/10 * * * * *', '0 6 * * 1-5'],
        showWhen: { repeat: ['cron'] },
      }),
    burst: z.number().int().min(1).max(1_000_000).default(1).meta({
      description: 'Messages emitted per firing, each with a fresh id; from 2 on they carry `burstIndex` (load tests).',
      advanced: true,
    }),
  })
  .superRefine((cfg, ctx) => {
    const payloadProblem = typedProblem(cfg.payloadType, cfg.payload);
    if (payloadProblem) ctx.addIssue({ code: 'custom', path: ['payload'], message: payloadProblem });
    cfg.props.forEach((p, i) => {
      if (p.property === 'id' || p.property === 'payload' || p.property === 'topic')
        ctx.addIssue({
          code: 'custom',
          path: ['props', i, 'property'],
          message:
            p.property === 'id'
              ? 'the message id is assigned by the engine'
              : `set "${p.property}" with the node's own \`${p.property}\` field`,
        });
      const problem = typedProblem(p.valueType, p.value);
      if (problem) ctx.addIssue({ code: 'custom', path: ['props', i, 'value'], message: problem });
    });
    if (cfg.repeat === 'cron') {
      const problem = cfg.cron.trim()
        ? cronProblem(cfg.cron.trim())
        : 'a cron expression is required when repeat is "cron"';
      if (problem) ctx.addIssue({ code: 'custom', path: ['cron'], message: problem });
    }
  });

export type InjectConfig = z.output<typeof injectConfig>;
