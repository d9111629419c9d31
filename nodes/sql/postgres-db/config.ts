import { z } from 'zod';
import { serverFields } from '../db/common-config.js';

/** Config of a PostgreSQL connection pool. */
export const postgresDbConfig = z.object({
  ...serverFields,
  port: z.number().int().min(1).max(65_535).default(5432).meta({ description: 'Server port.' }),
});
export type PostgresDbConfig = z.output<typeof postgresDbConfig>;
