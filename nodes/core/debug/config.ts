import { msgPathProblem } from '@millwright/sdk';
import { z } from 'zod';

/** Config of the debug node. */
export const debugConfig = z.object({
  property: z
    .string()
    .default('payload')
    .superRefine((v, ctx) => {
      const problem = v === 'complete' ? undefined : msgPathProblem(v);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .meta({
      description:
        'What to show: a message property such as `payload` or `payload.temp`, or `complete` for the whole message.',
      examples: ['payload', 'payload.temp', 'complete'],
    }),
  showTrace: z
    .boolean()
    .default(false)
    .meta({
      description:
        "With `complete`: also show `msg.trace`, the ids of the nodes the message passed, and `msg._linkSource`, the link calls it is in (left out by default: the engine's bookkeeping).",
      advanced: true,
      showWhen: { property: ['complete'] },
    }),
  active: z.boolean().default(true).meta({ description: 'Publish to the debug sidebar. Off: the node does nothing.' }),
  toConsole: z.boolean().default(false).meta({ description: 'Also write the value to the runtime log (info level).' }),
  statusText: z
    .boolean()
    .default(false)
    .meta({ description: 'Show the latest value (first 32 characters) as the node status.' }),
});

export type DebugConfig = z.output<typeof debugConfig>;
