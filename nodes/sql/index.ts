import type { AnyNodeDefinition } from '@millwright/sdk';
import mssqlDb from './mssql-db/index.js';
import mysqlDb from './mysql-db/index.js';
import postgresDb from './postgres-db/index.js';
import sqlInsert from './sql-insert/index.js';
import sqlPoll from './sql-poll/index.js';
import sqlQuery from './sql-query/index.js';
import sqlTransaction from './sql-transaction/index.js';
import sqliteDb from './sqlite-db/index.js';

/** The SQL database nodes. Drivers load only when a database config node starts. */
export const nodes: AnyNodeDefinition[] = [
  postgresDb,
  mysqlDb,
  sqliteDb,
  mssqlDb,
  sqlQuery,
  sqlInsert,
  sqlTransaction,
  sqlPoll,
];
