import { z } from 'zod';

/** Fields every server database config node has (PostgreSQL, MySQL/MariaDB). */
export const serverFields = {
  host: z
    .string()
    .min(1)
    .meta({ description: 'Server host name or address.', examples: ['db.plant.local'] }),
  database: z.string().min(1).meta({ description: 'Database name.' }),
  user: z.string().min(1).meta({ description: 'User name; the password is a credential.' }),
  poolSize: z.number().int().min(1).max(100).default(5).meta({
    description: 'Most connections open at once; statements beyond wait for a free one.',
  }),
  connectTimeoutMs: z.number().int().min(100).default(10_000).meta({
    description: 'Give up opening a connection after this long (`sql_unavailable`).',
    advanced: true,
  }),
  statementTimeoutMs: z.number().int().min(0).default(30_000).meta({
    description: 'The server cancels a statement running longer (`sql_timeout`); 0: no limit.',
    advanced: true,
  }),
  tls: z
    .object({
      enabled: z.boolean().default(false).meta({ description: 'Connect with TLS.' }),
      caFile: z.string().default('').meta({ description: 'PEM file of the CA; empty: system CAs.' }),
      rejectUnauthorized: z
        .boolean()
        .default(true)
        .meta({ description: 'Refuse servers whose certificate does not verify.' }),
    })
    .default({ enabled: false, caFile: '', rejectUnauthorized: true })
    .meta({ description: 'TLS to the server.', advanced: true }),
  required: z.boolean().default(true).meta({
    description:
      'Health: while this database stays unreachable longer than the grace period, /healthz reports the runtime `degraded`. Off for a database the flows can do without.',
    advanced: true,
  }),
};

export const passwordCredentials = z.object({
  password: z.string().optional().meta({ description: 'Password of the user.' }),
});

/** How often a pool whose server went away tries again, and the badge says so meanwhile. */
export const PROBE_MS = 2_000;
