import { UserError, type FlowMessage } from '@millwright/model';
import type { OutboxEntry } from '@millwright/outbox';
import { authorizationFor, type HttpCredentials } from '../http-request/auth.js';
import { bodyFromPayload, escapeFor, messageHeaders, render, renderUrl } from '../http-request/http-client.js';
import {
  carriedProperties,
  sendStored,
  storedBody,
  type Attempt,
  type StoredRequest,
} from '../http-request/stored-request.js';
import type { ErpPostConfig } from './config.js';

export type { StoredRequest, Attempt } from '../http-request/stored-request.js';

/** The idempotency key of a message: `msg.idempotencyKey`, `msg.bodId`, or the message id. */
export function idempotencyKeyOf(msg: FlowMessage): string {
  for (const k of ['idempotencyKey', 'bodId'] as const) {
    const v = msg[k];
    if (typeof v === 'string' && v) return v;
  }
  return msg.id;
}

/** Renders URL, headers and body for `msg`. Throws UserError on a template or body problem. */
export function buildRequest(cfg: ErpPostConfig, msg: FlowMessage): StoredRequest {
  const fromMsg = messageHeaders(msg.headers)['content-type'];
  let contentType = cfg.contentType || fromMsg || '';
  let body: string | Uint8Array;
  if (cfg.body) {
    if (!contentType) contentType = guessType(cfg.body);
    body = render(cfg.body, msg, escapeFor(contentType));
  } else {
    const built = bodyFromPayload(msg.payload);
    if (built.body === undefined) throw new UserError('erp_post_empty', 'nothing to post: msg.payload is empty');
    if (!contentType) contentType = built.contentType ?? 'text/plain';
    body = built.body;
  }
  const headers: Record<string, string> = { 'content-type': contentType };
  for (const h of cfg.headers) headers[h.name.toLowerCase()] = render(h.value, msg, 'none');
  return {
    method: cfg.method,
    url: renderUrl(cfg.url, msg), // a value cannot add `.` or `..` segments (http_url_dot_segment)
    headers,
    ...storedBody(body),
    msg: carriedProperties(msg),
  };
}

function guessType(template: string): string {
  const first = template.trimStart()[0];
  if (first === '<') return 'application/xml';
  if (first === '{' || first === '[') return 'application/json';
  return 'text/plain';
}

/**
 * Makes one attempt (see `sendStored` for what is retried). Missing credentials are permanent.
 * Credentials go only to the origin `cfg.url` fixes (not to a host filled from the message).
 */
export async function attempt(args: {
  cfg: ErpPostConfig;
  credentials: Partial<HttpCredentials>;
  entry: OutboxEntry<StoredRequest>;
  signal: AbortSignal;
}): Promise<Attempt> {
  const { cfg, entry } = args;
  const headers: Record<string, string> = {};
  if (cfg.idempotencyHeader) headers[cfg.idempotencyHeader.toLowerCase()] = entry.idempotencyKey;
  try {
    const auth = authorizationFor({
      auth: cfg.auth,
      creds: args.credentials,
      template: cfg.url,
      url: entry.request.url,
    });
    if (auth) headers['authorization'] = auth;
  } catch (err) {
    return { ok: false, permanent: true, error: (err as Error).message };
  }
  return sendStored(entry.request, { headers, timeoutMs: cfg.timeoutMs, signal: args.signal });
}
