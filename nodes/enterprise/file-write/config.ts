import { z } from 'zod';
import { templateProblem } from '../http-request/template-syntax.js';

/** Text encodings a file can be written in (bytes are written as they are). */
export const ENCODINGS = ['utf8', 'utf16le', 'latin1', 'ascii', 'base64', 'hex'] as const;

/** Config of the file-write node. */
export const fileWriteConfig = z
  .object({
    path: z
      .string()
      .default('')
      .meta({
        description:
          'File to write; Mustache tags are filled from the message (`out/{{payload.order}}.csv`). Empty: `msg.filename`. Relative paths start at `baseDir`, else at the files folder (`<data dir>/files`, settings.json `files.roots`); a path that leads outside (`..`, an absolute path, a symbolic link) is refused with `file_outside_base`.',
        examples: ['out/{{topic}}.csv'],
      }),
    baseDir: z.string().default('').meta({
      description:
        'If set, paths are relative to this folder and may not leave it (`file_outside_base`). It must lie in an allowed folder (settings.json `files.roots`); a relative one is below the files folder.',
    }),
    mode: z
      .enum(['overwrite', 'append', 'delete'])
      .default('overwrite')
      .meta({ description: 'Replace the file, add to its end, or delete it (a missing file is no error).' }),
    newline: z
      .boolean()
      .default(false)
      .meta({ description: 'Add a line break (`\\n`) after each payload (log-style files).' }),
    createDirs: z.boolean().default(true).meta({ description: 'Create missing folders on the way.' }),
    atomic: z
      .boolean()
      .default(false)
      .meta({
        description:
          'Overwrite through a temp file and a rename, so a reader (or a crash) never sees a half-written file.',
        showWhen: { mode: ['overwrite'] },
      }),
    fsync: z.boolean().default(false).meta({
      description: 'Flush to disk (fsync) before sending the message on: the file survives a power loss.',
      advanced: true,
    }),
    encoding: z.enum(ENCODINGS).default('utf8').meta({ description: 'Encoding of text payloads.', advanced: true }),
  })
  .superRefine((cfg, ctx) => {
    const problem = templateProblem(cfg.path);
    if (problem) ctx.addIssue({ code: 'custom', path: ['path'], message: problem });
  });

export type FileWriteConfig = z.output<typeof fileWriteConfig>;
