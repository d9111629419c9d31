import type { ConnectionStatus } from './connection-badge.js';
import type { ConnectionReport, NodeContext } from './node-context.js';

/**
 * `target` without user name and password (`mqtt://user:secret@host` -> `mqtt://host`), so health
 * reasons, logs and the event stream never show them. A target that is not a URL is kept as is.
 */
export function redactTarget(target: string): string {
  try {
    const url = new URL(target);
    if (!url.username && !url.password) return target;
    url.username = '';
    url.password = '';
    return url.href;
  } catch {
    return redactUserInfo(target);
  }
}

/**
 * `text` with the user name and password of every URL in it removed (`connect to
 * mqtt://u:p@host failed` -> `connect to mqtt://host failed`): error messages of client libraries
 * may quote the URL they were given.
 */
export function redactUserInfo(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@]*@/gi, '$1');
}

/**
 * Reports a connection's lifecycle state (the one its status badge shows) to the runtime's health:
 * `connected` is up, `closed` forgets it, anything else (connecting, reconnecting, failed) is down.
 */
export function reportConnectionStatus(
  ctx: Pick<NodeContext, 'reportConnection'>,
  target: string,
  status: ConnectionStatus,
  required = true,
): void {
  const state = status.state === 'connected' ? 'connected' : status.state === 'closed' ? 'closed' : 'disconnected';
  const report: ConnectionReport = { state, target, required };
  if (state === 'disconnected') report.message = status.message ?? status.state;
  ctx.reportConnection(report);
}
