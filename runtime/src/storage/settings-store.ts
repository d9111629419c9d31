import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fromZodIssues } from '@millwright/model';
import { Low, Memory } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { z } from 'zod';

/** Schema of `<dataDir>/settings.json`. Unknown keys are kept for forward compatibility. */
export const settingsSchema = z.looseObject({
  auth: z
    .object({
      /** Require a bearer token on /api and the websocket even on loopback. */
      required: z.boolean().default(false),
      /** Without a token, a loopback-only server is open (the local demo). Set false to refuse that. */
      openOnLoopback: z.boolean().default(true),
      /** Admin API token. `MILLWRIGHT_TOKEN` in the environment takes precedence. */
      token: z.string().min(16, 'must be at least 16 characters').optional(),
      /** Role of requests carrying the static token (headless and CI use). */
      tokenRole: z.enum(['viewer', 'operator', 'editor', 'admin']).default('admin'),
      /** Lifetime of a login token in hours (at most 30 days). */
      sessionTtlHours: z.number().positive().max(720).default(12),
    })
    .prefault({}),
  engine: z
    .object({
      /** Where flows run (see FlowManagerOptions.isolation); the `--isolation` flag takes precedence. */
      isolation: z.enum(['worker', 'process', 'in-process']).optional(),
    })
    .optional(),
  metrics: z
    .object({
      host: z
        .string()
        .min(1)
        .optional()
        .meta({
          description:
            'Interface of a second listener that serves only /healthz and /metrics (read-only, no admin API), e.g. `0.0.0.0` for a Prometheus on another host; a non-loopback host logs a warning, since the two routes need no authentication. Default `127.0.0.1`. `--metrics-host` takes precedence.',
          examples: ['0.0.0.0'],
        }),
      port: z
        .number()
        .int()
        .min(0)
        .max(65_535)
        .optional()
        .meta({
          description:
            'Port of that listener (default 9464; 0 picks a free one). `--metrics-port` takes precedence. Without `host` and `port` the main server alone serves /healthz and /metrics.',
          examples: [9464],
        }),
    })
    .optional()
    .meta({ description: 'A separate /healthz and /metrics listener for monitoring from another host.' }),
});

export type RuntimeSettings = z.output<typeof settingsSchema>;

/**
 * Runtime settings in `<dataDir>/settings.json` (in memory without a data dir). Written with the
 * defaults on first open so operators can find and edit the file. One owner per file.
 * Throws with the faulty paths when the file does not match the schema.
 */
export class SettingsStore {
  private constructor(private readonly db: Low<RuntimeSettings>) {}

  static async open(dataDir?: string): Promise<SettingsStore> {
    const defaults = settingsSchema.parse({});
    if (dataDir === undefined) return new SettingsStore(new Low(new Memory<RuntimeSettings>(), defaults));
    await mkdir(dataDir, { recursive: true });
    const file = join(dataDir, 'settings.json');
    const adapter = new JSONFile<RuntimeSettings>(file);
    const raw = await adapter.read();
    const parsed = settingsSchema.safeParse(raw ?? {});
    if (!parsed.success) {
      const faults = fromZodIssues(parsed.error.issues).map((i) => `${i.pathString}: ${i.message}`);
      throw new Error(`${file} is invalid: ${faults.join('; ')}`);
    }
    const db = new Low(adapter, parsed.data);
    if (raw === null) await db.write();
    return new SettingsStore(db);
  }

  get(): RuntimeSettings {
    return this.db.data;
  }
}
