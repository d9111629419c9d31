import { z } from 'zod';

/** Config of the exec node. */
export const execConfig = z.object({
  command: z
    .string()
    .regex(/^\//, 'must be an absolute path (no shell, no PATH lookup)')
    .meta({
      description:
        'The program to run, as an absolute path. It must be listed in settings.json `nodes.exec.allow`. Run directly, never through a shell: no pipes, globs, `$VARS` or `;`.',
      examples: ['/usr/bin/ping'],
    }),
  args: z
    .array(z.string())
    .max(256)
    .default([])
    .meta({
      description: 'Arguments, each passed as it is (no quoting, no splitting at spaces).',
      examples: [['-c', '1']],
    }),
  appendPayload: z.boolean().default(false).meta({
    description:
      'Append `msg.payload` as one more argument (text as it is, numbers and booleans as text, other values as JSON). Node-RED\'s "append msg.payload".',
  }),
  timeoutMs: z.number().int().min(1).max(3_600_000).default(60_000).meta({
    description:
      'Longest run; then the command and every process it started are killed and `exec_timeout` is raised with the message.',
  }),
  maxOutputBytes: z
    .number()
    .int()
    .min(1)
    .max(64 * 1024 * 1024)
    .default(1024 * 1024)
    .meta({
      description:
        'Most bytes kept of stdout and of stderr each; a command writing more is killed and `exec_output_too_large` is raised.',
    }),
});

export type ExecConfig = z.output<typeof execConfig>;
