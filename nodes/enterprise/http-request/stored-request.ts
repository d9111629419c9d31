import type { FlowMessage } from '@millwright/model';
import type { DeliveryResult } from '@millwright/outbox';
import { sendHttp, type HttpResponseData } from './http-client.js';
import type { OutboundClient } from './outbound-client.js';

/**
 * A request as it is journaled in a store-and-forward queue (http-request, erp-post): everything
 * needed to send it again after a restart, except secrets (the Authorization header is added at
 * send time from the current credentials).
 */
export interface StoredRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** Absent: no body (GET, or a DELETE without payload). */
  body?: string;
  bodyEncoding?: 'base64';
  /** The message's other properties (topic, bodId...), for the message sent after delivery. */
  msg: Record<string, unknown>;
}

// Not carried into the journal: the payload is the body, and these belong to the old hop.
const DROPPED = new Set(['payload', 'trace', 'error', 'headers', 'id']);

/** The message's properties to carry through the queue, as JSON (what is sent after a restart is what is sent today). */
export function carriedProperties(msg: FlowMessage): Record<string, unknown> {
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(msg)) if (!DROPPED.has(k) && v !== undefined) rest[k] = v;
  return JSON.parse(JSON.stringify(rest)) as Record<string, unknown>;
}

/** A body for the journal: strings as they are, bytes as base64. */
export function storedBody(body: string | Uint8Array | undefined): Pick<StoredRequest, 'body' | 'bodyEncoding'> {
  if (body === undefined) return {};
  if (typeof body === 'string') return { body };
  return { body: Buffer.from(body).toString('base64'), bodyEncoding: 'base64' };
}

/** An attempt's outcome plus the status code, for the error reported with a dead letter. */
export type Attempt = DeliveryResult<HttpResponseData> & { statusCode?: number };

/**
 * What counts as "the remote side is down" for HTTP, shared by every store-and-forward HTTP
 * node: 408, 425, 429, 5xx are retried; other non-2xx statuses (400, 401, 404, 422...) are
 * permanent, since sending the same request again will not change the answer.
 */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 425 || status === 429;
}

/**
 * Sends a journaled request once. 2xx is delivered; retryable statuses (see `isRetryableStatus`),
 * timeouts and connection failures are retryable failures; other statuses, a refused destination
 * (`outbound_denied`) and a bad URL are permanent.
 * `headers` (Authorization, the idempotency key) are added to the stored ones for this attempt.
 */
export async function sendStored(
  req: StoredRequest,
  args: { headers: Record<string, string>; timeoutMs: number; signal: AbortSignal; client?: OutboundClient },
): Promise<Attempt> {
  let res: HttpResponseData;
  try {
    res = await sendHttp({
      method: req.method,
      url: req.url,
      headers: { ...req.headers, ...args.headers },
      ...(req.body !== undefined
        ? { body: req.bodyEncoding === 'base64' ? Buffer.from(req.body, 'base64') : req.body }
        : {}),
      timeoutMs: args.timeoutMs,
      signal: args.signal,
      ...(args.client ? { client: args.client } : {}),
    });
  } catch (err) {
    // A refused destination or a bad URL will not change by retrying: a dead letter at once.
    const permanent = (err as { kind?: string }).kind === 'user';
    return { ok: false, permanent, error: (err as Error).message };
  }
  const s = res.statusCode;
  if (s >= 200 && s < 300) return { ok: true, value: res };
  const snippet = res.body.toString('utf8').replace(/\s+/g, ' ').slice(0, 300);
  const error = `HTTP ${s}${snippet ? `: ${snippet}` : ''}`;
  return { ok: false, permanent: !isRetryableStatus(s), error, statusCode: s };
}
