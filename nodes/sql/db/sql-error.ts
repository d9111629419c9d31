import { FlowError, OperationalError, UserError } from '@millwright/model';

/**
 * The SQL nodes' coded errors, one family: `sql_unavailable` (the server cannot be reached or the
 * connection dropped: operational, retryable), `sql_timeout` (a statement ran past its timeout),
 * `sql_failed` (the database refused the statement: syntax, constraint, type; user),
 * `sql_result_too_large`, `sql_parameter_missing`, `sql_db_missing` (user). The driver's own
 * code (SQLSTATE, errno, SQL Server's error number) is kept in the message.
 */
export function sqlError(err: unknown, what: string): FlowError {
  if (err instanceof FlowError) return err;
  const e = err as { code?: unknown; errno?: unknown; message?: string; name?: unknown; number?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  const message = e.message ?? String(err);
  // SQL Server (tedious via mssql): the server's error number, e.g. 2627 unique key, 1205 deadlock.
  const number = typeof e.number === 'number' && e.number !== 0 ? `SQL Server error ${e.number}` : '';
  const codes = [code, number].filter(Boolean).join(', ');
  const detail = `${what}: ${message}${codes ? ` (${codes})` : ''}`;
  // mssql: any failure to open or keep a connection except a refused login (ELOGIN, 18456).
  if (e.name === 'ConnectionError' && code !== 'ELOGIN') return new OperationalError('sql_unavailable', detail, err);
  if (/^(ESOCKET|ECONNCLOSED|ENOTOPEN)$/.test(code)) return new OperationalError('sql_unavailable', detail, err);
  if (
    /ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EPIPE|PROTOCOL_CONNECTION_LOST|^57P0[123]$|^08/.test(code) ||
    /Connection terminated|connect ETIMEDOUT|Connection lost/i.test(message)
  )
    return new OperationalError('sql_unavailable', detail, err);
  if (code === '57014' || /timeout|ER_QUERY_TIMEOUT|max_statement_time/i.test(`${code} ${message}`))
    return new OperationalError('sql_timeout', detail, err);
  return new UserError('sql_failed', detail, err);
}
