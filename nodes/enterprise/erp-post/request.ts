import { UserError, type FlowMessage } from '@millwright/model';
import type { DeliveryResult, OutboxEntry } from '@millwright/outbox';
import { authorization, type HttpCredentials } from '../http-request/auth.js';
import {
  bodyFromPayload,
  escapeFor,
  messageHeaders,
  render,
  sendHttp,
  type HttpResponseData,
} from '../http-request/http-client.js';
import type { ErpPostConfig } from './config.js';

/**
 * A request as it is journaled: everything needed to send it again after a restart, except
 * secrets (the Authorization header is added at send time from the current credentials).
 */
export interface StoredRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  bodyEncoding?: 'base64';
  /** The message's other properties (topic, bodId...), for the message sent after delivery. */
  msg: Record<string, unknown>;
}

// Not carried into the journal: the payload is the body, and these belong to the old hop.
const DROPPED = new Set(['payload', 'trace', 'error', 'headers', 'id']);

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
  let body: string;
  let bodyEncoding: 'base64' | undefined;
  if (cfg.body) {
    if (!contentType) contentType = guessType(cfg.body);
    body = render(cfg.body, msg, escapeFor(contentType));
  } else {
    const built = bodyFromPayload(msg.payload);
    if (built.body === undefined) throw new UserError('erp_post_empty', 'nothing to post: msg.payload is empty');
    if (!contentType) contentType = built.contentType ?? 'text/plain';
    if (typeof built.body === 'string') body = built.body;
    else {
      body = Buffer.from(built.body).toString('base64');
      bodyEncoding = 'base64';
    }
  }
  const headers: Record<string, string> = { 'content-type': contentType };
  for (const h of cfg.headers) headers[h.name.toLowerCase()] = render(h.value, msg, 'none');
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(msg)) if (!DROPPED.has(k) && v !== undefined) rest[k] = v;
  return {
    method: cfg.method,
    url: render(cfg.url, msg, 'url'),
    headers,
    body,
    ...(bodyEncoding ? { bodyEncoding } : {}),
    // A JSON round trip now, so what is sent after a restart is exactly what is sent today.
    msg: JSON.parse(JSON.stringify(rest)) as Record<string, unknown>,
  };
}

function guessType(template: string): string {
  const first = template.trimStart()[0];
  if (first === '<') return 'application/xml';
  if (first === '{' || first === '[') return 'application/json';
  return 'text/plain';
}

/** An attempt's outcome plus the status code, for the error reported with a dead letter. */
export type Attempt = DeliveryResult<HttpResponseData> & { statusCode?: number };

/**
 * Makes one attempt. 2xx is delivered; 408, 425, 429, 5xx, timeouts and connection failures are
 * retried; other statuses (400, 401, 404, 422...) and missing credentials are permanent.
 */
export async function attempt(args: {
  cfg: ErpPostConfig;
  credentials: Partial<HttpCredentials>;
  entry: OutboxEntry<StoredRequest>;
  signal: AbortSignal;
}): Promise<Attempt> {
  const { cfg, entry } = args;
  const req = entry.request;
  const headers = { ...req.headers };
  if (cfg.idempotencyHeader) headers[cfg.idempotencyHeader.toLowerCase()] = entry.idempotencyKey;
  try {
    const auth = authorization(cfg.auth, args.credentials);
    if (auth) headers['authorization'] = auth;
  } catch (err) {
    return { ok: false, permanent: true, error: (err as Error).message };
  }
  let res: HttpResponseData;
  try {
    res = await sendHttp({
      method: req.method,
      url: req.url,
      headers,
      body: req.bodyEncoding === 'base64' ? Buffer.from(req.body, 'base64') : req.body,
      timeoutMs: cfg.timeoutMs,
      signal: args.signal,
    });
  } catch (err) {
    return { ok: false, permanent: false, error: (err as Error).message };
  }
  const s = res.statusCode;
  if (s >= 200 && s < 300) return { ok: true, value: res };
  const snippet = res.body.toString('utf8').replace(/\s+/g, ' ').slice(0, 300);
  const error = `HTTP ${s}${snippet ? `: ${snippet}` : ''}`;
  const retryable = s >= 500 || s === 408 || s === 425 || s === 429;
  return { ok: false, permanent: !retryable, error, statusCode: s };
}
