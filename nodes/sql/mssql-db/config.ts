import { z } from 'zod';
import { serverFields } from '../db/common-config.js';

const { tls: _tls, ...common } = serverFields;

/** Config of a Microsoft SQL Server connection pool. */
export const mssqlDbConfig = z.object({
  ...common,
  port: z.number().int().min(1).max(65_535).default(1433).meta({ description: 'Server port.' }),
  tls: z
    .object({
      encrypt: z
        .boolean()
        .default(true)
        .meta({ description: 'Encrypt the connection (TLS), as SQL Server 2022 and Azure SQL expect.' }),
      trustServerCertificate: z.boolean().default(false).meta({
        description: 'Accept a certificate that does not verify (a self-signed test server); leave off in production.',
      }),
      caFile: z.string().default('').meta({ description: 'PEM file of the CA; empty: system CAs.' }),
    })
    .default({ encrypt: true, trustServerCertificate: false, caFile: '' })
    .meta({ description: 'TLS to the server.', advanced: true }),
});
export type MssqlDbConfig = z.output<typeof mssqlDbConfig>;
