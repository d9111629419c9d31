import { z } from 'zod';

/** Config of a SQLite database file. */
export const sqliteDbConfig = z.object({
  file: z
    .string()
    .min(1)
    .meta({
      description:
        'Database file. Relative: below the files folder (`<data dir>/files`). It must lie in an allowed folder (settings.json `files.roots`), symbolic links followed (`file_outside_base`). Created when missing.',
      examples: ['plant.db'],
    }),
  busyTimeoutMs: z.number().int().min(0).default(5_000).meta({
    description: 'Wait this long for a lock held by another process before failing (`sql_failed`, SQLITE_BUSY).',
    advanced: true,
  }),
  walMode: z.boolean().default(true).meta({
    description: 'Write-ahead logging: readers do not block the writer.',
    advanced: true,
  }),
});
export type SqliteDbConfig = z.output<typeof sqliteDbConfig>;
