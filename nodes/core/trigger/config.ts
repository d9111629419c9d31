import { msgPathSchema } from '@millwright/sdk';
import { z } from 'zod';
import { VALUE_TYPES, valueProblem, type ValueType } from '../change/typed-value.js';

const MAX_TIMER_MS = 2_147_483_647;
const timed = { then: ['wait', 'resend'] };

/** Config of the trigger node. */
export const triggerConfig = z
  .object({
    sendType: z
      .enum([...VALUE_TYPES, 'original', 'nothing'])
      .default('string')
      .meta({
        description:
          'What is sent at once: a typed value as `msg.payload` (a `string` may use `{{payload}}`-style mustache), `original` (the message unchanged) or `nothing`.',
      }),
    sendValue: z
      .string()
      .default('1')
      .meta({ description: 'The literal, path, context key or variable for `sendType`.' }),
    then: z.enum(['wait', 'waitForReset', 'resend']).default('wait').meta({
      description:
        '`wait`: send the second message after `durationMs`; messages meanwhile are ignored. `waitForReset`: ignore messages until a reset. `resend`: send the first message again every `durationMs` until a reset (a new message restarts it).',
    }),
    durationMs: z
      .number()
      .int()
      .min(1)
      .max(MAX_TIMER_MS)
      .default(250)
      .meta({ description: 'Wait or repeat time in ms.', showWhen: timed }),
    extend: z
      .boolean()
      .default(false)
      .meta({
        description: 'A message arriving during the wait starts the wait again (watchdog).',
        showWhen: { then: ['wait'] },
      }),
    overrideDelay: z.boolean().default(false).meta({
      description: 'A numeric `msg.delay` (ms) replaces `durationMs` for that message.',
      showWhen: timed,
    }),
    secondType: z
      .enum([...VALUE_TYPES, 'original', 'latest', 'nothing'])
      .default('string')
      .meta({
        description:
          'What is sent after the wait: a typed value as `msg.payload` of the first message, `original` (the first message), `latest` (the last message received meanwhile) or `nothing`.',
        showWhen: { then: ['wait'] },
      }),
    secondValue: z
      .string()
      .default('0')
      .meta({
        description: 'The literal, path, context key or variable for `secondType`.',
        showWhen: { then: ['wait'] },
      }),
    outputs: z
      .number()
      .int()
      .min(1)
      .max(2)
      .default(1)
      .meta({
        description: '`2`: send the second message on a second output instead of the first.',
        showWhen: { then: ['wait'] },
      }),
    resetPayload: z.string().default('').meta({
      description:
        'A message whose payload (as text) equals this resets the node, as does any `msg.reset`. Empty: only `msg.reset`.',
    }),
    byTopic: z.boolean().default(false).meta({ description: 'Handle each topic on its own (one timer per topic).' }),
    topicProperty: msgPathSchema('Message property that tells topics apart.')
      .default('topic')
      .meta({
        description: 'Message property that tells topics apart.',
        showWhen: { byTopic: [true] },
      }),
    maxTopics: z
      .number()
      .int()
      .min(1)
      .default(10_000)
      .meta({
        description: 'Most topics timed at once; a message of one more topic raises `trigger_too_many_topics`.',
        advanced: true,
        showWhen: { byTopic: [true] },
      }),
  })
  .superRefine((cfg, ctx) => {
    for (const [type, field] of [
      [cfg.sendType, 'sendValue'],
      [cfg.secondType, 'secondValue'],
    ] as const) {
      if (!(VALUE_TYPES as readonly string[]).includes(type)) continue;
      const problem = valueProblem(type as ValueType, cfg[field]);
      if (problem) ctx.addIssue({ code: 'custom', path: [field], message: problem });
    }
  });

export type TriggerConfig = z.output<typeof triggerConfig>;
