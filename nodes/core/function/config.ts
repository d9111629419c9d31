import { z } from 'zod';

const js = (description: string) =>
  z.string().default('').meta({ description, widget: 'code', language: 'javascript' });

/** Config of the function node: user JavaScript run in an isolated-vm sandbox. */
export const functionConfig = z.object({
  code: z
    .string()
    .default('return msg;')
    .meta({
      description:
        'Body of a function that receives `msg` and returns a message, an array with one entry per output ' +
        '(each a message, an array of messages or null), or null to send nothing. `node`, `context`, `flow`, ' +
        '`global`, `env`, `console` and timers are available; `await` makes it async.',
      widget: 'code',
      language: 'javascript',
      examples: ['msg.payload = msg.payload * 2;\nreturn msg;'],
    }),
  outputs: z.number().int().min(1).max(16).default(1).meta({ description: 'Number of outputs (1 to 16).' }),
  timeoutMs: z.number().int().min(1).max(600_000).default(1000).meta({
    description:
      'Longest a message may run synchronously, in ms. A message over it ends with a `function_timeout` error.',
    advanced: true,
  }),
  asyncTimeoutMs: z
    .number()
    .int()
    .min(1)
    .max(3_600_000)
    .default(30_000)
    .meta({
      description:
        'Wall-clock limit for a message of async code (from the call until its promise settles), in ms. ' +
        'A promise that never settles ends with a `function_timeout` error instead of leaking.',
      advanced: true,
    }),
  memoryLimitMb: z
    .number()
    .int()
    .min(8)
    .max(4096)
    .default(32)
    .meta({
      description:
        'Heap of the sandbox in MB. Code that exceeds it ends its message with a `function_memory_limit` error; ' +
        'the sandbox is then rebuilt and `initCode` runs again.',
      advanced: true,
    }),
  initCode: js('Runs once when the node starts (and after the sandbox is rebuilt). May use `await`.'),
  finalizeCode: js('Runs once when the node stops, within the timeouts above.'),
});

export type FunctionConfig = z.output<typeof functionConfig>;
