import { z } from 'zod';
import { serverFields } from '../db/common-config.js';

/** Config of a MySQL or MariaDB connection pool. */
export const mysqlDbConfig = z.object({
  ...serverFields,
  port: z.number().int().min(1).max(65_535).default(3306).meta({ description: 'Server port.' }),
});
export type MysqlDbConfig = z.output<typeof mysqlDbConfig>;
