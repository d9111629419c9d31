import { FlowError, OperationalError, UserError } from '@millwright/model';

/**
 * The SQL nodes' coded errors, one family: `sql_unavailable` (the server cannot be reached or the
 * connection dropped: operational, retryable), `sql_timeout` (a statement ran past its timeout),
 * `sql_failed` (the database refused the statement: syntax, constraint, type; user),
 * `sql_result_too_large`, `sql_parameter_missing`, `sql_db_missing` (user). The driver's own
 * code (SQLSTATE or errno) is kept in the message.
 */
export function sqlError(err: unknown, what: string): FlowError {
  if (err instanceof FlowError) return err;
  const e = err as { code?: unknown; errno?: unknown; message?: string; sqlState?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  const message = e.message ?? String(err);
  const detail = `${what}: ${message}${code ? ` (${code})` : ''}`;
  if (
    /ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EPIPE|PROTOCOL_CONNECTION_LOST|^57P0[123]$|^08/.test(code) ||
    /Connection terminated|connect ETIMEDOUT|Connection lost/i.test(message)
  )
    return new OperationalError('sql_unavailable', detail, err);
  if (code === '57014' || /timeout|ER_QUERY_TIMEOUT|max_statement_time/i.test(`${code} ${message}`))
    return new OperationalError('sql_timeout', detail, err);
  return new UserError('sql_failed', detail, err);
}
