import { z } from 'zod';
import { globToRegExp } from './glob.js';

/** Config of the file-watch node. */
export const fileWatchConfig = z
  .object({
    dir: z
      .string()
      .min(1)
      .meta({
        description:
          'Folder to watch. Relative: below the files folder (`<data dir>/files`). It must lie in an allowed folder (settings.json `files.roots`), symbolic links followed (`file_outside_base`).',
        examples: ['erp-out'],
      }),
    pattern: z.string().default('*').meta({
      description:
        'Glob on the file name (`*.csv`, `{orders,wo}-*.xml`); with a `/` it matches the path below the folder (`**/*.csv`).',
    }),
    recursive: z.boolean().default(false).meta({ description: 'Watch sub-folders too.' }),
    events: z
      .array(z.enum(['add', 'change', 'unlink']))
      .min(1)
      .default(['add', 'change'])
      .meta({ description: 'What to report: new files, changed files, removed files.' }),
    initial: z.boolean().default(true).meta({
      description: 'Report files already in the folder at start as `add` (pick up a backlog).',
    }),
    read: z.enum(['utf8', 'latin1', 'buffer', 'none']).default('utf8').meta({
      description: 'Put the content in `msg.payload` as text (UTF-8 or Latin-1), as bytes, or not at all (null).',
    }),
    settleMs: z.number().int().min(0).default(500).meta({
      description:
        'Wait until a file has not changed for this long before reporting it, so files still being written are not read half-way.',
    }),
    pollMs: z.number().int().min(50).default(1_000).meta({
      description:
        'Rescan interval. Change notifications trigger earlier scans where the OS provides them (not on network shares).',
      advanced: true,
    }),
    moveTo: z.string().default('').meta({
      description:
        'After a file is read and sent, move it to this folder (a "done" folder; relative paths are below `dir`; it must lie in an allowed folder too). Empty: leave it.',
    }),
    maxBytes: z
      .number()
      .int()
      .min(1)
      .default(50 * 1024 * 1024)
      .meta({
        description: 'Larger files are reported as an error instead of being read.',
        advanced: true,
      }),
  })
  .superRefine((cfg, ctx) => {
    try {
      globToRegExp(cfg.pattern);
    } catch (err) {
      ctx.addIssue({ code: 'custom', path: ['pattern'], message: (err as Error).message });
    }
  });

export type FileWatchConfig = z.output<typeof fileWatchConfig>;
