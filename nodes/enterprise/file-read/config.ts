import { z } from 'zod';
import { templateProblem } from '../http-request/template-syntax.js';

/** Encodings text can be read in (Node's own; `utf8` when unsure). */
export const READ_ENCODINGS = ['utf8', 'utf16le', 'latin1', 'ascii', 'base64', 'hex'] as const;

/** Config of the file-read node. */
export const fileReadConfig = z
  .object({
    path: z
      .string()
      .default('')
      .meta({
        description:
          'File to read; Mustache tags are filled from the message (`in/{{payload.order}}.csv`). Empty: `msg.filename`. Relative paths start at `baseDir`, else at the files folder (`<data dir>/files`); the real path must lie in an allowed folder (settings.json `files.roots`), else `file_outside_base`.',
        examples: ['in/{{topic}}.csv'],
      }),
    baseDir: z.string().default('').meta({
      description:
        'If set, paths are relative to this folder and may not leave it (`file_outside_base`). It must lie in an allowed folder (settings.json `files.roots`); a relative one is below the files folder.',
    }),
    output: z.enum(['text', 'lines', 'bytes']).default('text').meta({
      description:
        '`text`: the whole file as one string. `lines`: one message per line (with `msg.parts`, so a join puts them together again). `bytes`: the whole file as bytes.',
    }),
    encoding: z
      .enum(READ_ENCODINGS)
      .default('utf8')
      .meta({ description: 'How the bytes are turned into text (`text` and `lines`).', advanced: true }),
    maxBytes: z
      .number()
      .int()
      .min(1)
      .default(50 * 1024 * 1024)
      .meta({ description: 'Larger files are refused with `file_too_large` instead of being read.', advanced: true }),
  })
  .superRefine((cfg, ctx) => {
    const problem = templateProblem(cfg.path);
    if (problem) ctx.addIssue({ code: 'custom', path: ['path'], message: problem });
  });

export type FileReadConfig = z.output<typeof fileReadConfig>;
