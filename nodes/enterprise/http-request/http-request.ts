import { OperationalError, UserError, type FlowMessage } from '@millwright/model';
import { warnAboutStrandedQueue } from '@millwright/outbox';
import { compileOutboundPolicy, confinementOf, type NodeContext, type NodeHandlers } from '@millwright/sdk';
import { authorizationFor, type HttpCredentials } from './auth.js';
import type { HttpRequestConfig } from './config.js';
import {
  bodyFromPayload,
  decodeBody,
  messageHeaders,
  render,
  renderUrl,
  sendHttp,
  type HttpResponseData,
} from './http-client.js';
import { OutboundClient } from './outbound-client.js';

/**
 * Builds the http-request node: one request per message; the answer replaces `msg.payload` and
 * sets `msg.statusCode`, `msg.headers` (response headers) and `msg.responseUrl`.
 * With store-and-forward (default for writes) the requests go through the node's disk queue
 * (`queued-requests.ts`); otherwise requests in flight are aborted on close.
 */
export async function createHttpRequest(ctx: NodeContext<HttpRequestConfig, HttpCredentials>): Promise<NodeHandlers> {
  const cfg = ctx.config;
  const reads = cfg.method === 'GET' || cfg.method === 'HEAD';
  if (cfg.storeAndForward === 'on' || (cfg.storeAndForward === 'auto' && !reads)) {
    const { createQueuedRequests } = await import('./queued-requests.js');
    return createQueuedRequests(ctx);
  }
  warnAboutStrandedQueue(ctx);
  const inFlight = new Set<AbortController>();
  const client = outboundClientOf(ctx);
  const credentialsFor = credentialsOf(ctx);
  return {
    async input(msg) {
      const req = requestFor(cfg, msg);
      const auth = credentialsFor(req.url);
      if (auth) req.headers['authorization'] = auth;
      const controller = new AbortController();
      inFlight.add(controller);
      try {
        const res = await sendHttp({ ...req, timeoutMs: cfg.timeoutMs, signal: controller.signal, client });
        if (cfg.errorOnStatus && res.statusCode >= 400) {
          const err = new OperationalError(
            'http_status',
            `${cfg.method} ${req.url} answered ${res.statusCode}: ${res.body.toString('utf8').slice(0, 200)}`,
          );
          ctx.error(err, { ...msg, statusCode: res.statusCode });
          return;
        }
        ctx.send(answered(cfg, msg, res));
      } finally {
        inFlight.delete(controller);
      }
    },
    close() {
      for (const c of inFlight) c.abort();
      inFlight.clear();
      client.close();
    },
  };
}

/** A client that sends under the runtime's outbound policy (settings.json `outbound`). */
export function outboundClientOf(ctx: NodeContext<HttpRequestConfig, HttpCredentials>): OutboundClient {
  return new OutboundClient(compileOutboundPolicy(confinementOf(ctx).outbound));
}

/**
 * The Authorization header for a request to a URL: only for the origin the node's `url` fixes.
 * The first request that goes elsewhere without it is logged once.
 */
export function credentialsOf(
  ctx: NodeContext<HttpRequestConfig, HttpCredentials>,
): (url: string) => string | undefined {
  let warned = false;
  return (url) =>
    authorizationFor({
      auth: ctx.config.auth,
      creds: ctx.credentials,
      template: ctx.config.url,
      url,
      withheld: (origin) => {
        if (warned) return;
        warned = true;
        ctx.log.warn(
          `credentials not sent to ${origin}: they go only to the host of the node's url (${ctx.config.url || 'none: msg.url'})`,
        );
      },
    });
}

/** Method, URL, headers (without Authorization) and body of the request for `msg`. */
export function requestFor(
  cfg: HttpRequestConfig,
  msg: FlowMessage,
): { method: string; url: string; headers: Record<string, string>; body?: string | Uint8Array } {
  const url = cfg.url ? renderUrl(cfg.url, msg) : typeof msg['url'] === 'string' ? msg['url'] : '';
  if (!url) throw new UserError('http_url_missing', 'no URL: set `url` in the node or `msg.url`');
  const headers = messageHeaders(msg.headers);
  const { body, contentType } =
    cfg.method === 'GET' || cfg.method === 'HEAD' ? { body: undefined } : bodyFromPayload(msg.payload);
  if (contentType && !headers['content-type']) headers['content-type'] = contentType;
  for (const h of cfg.headers) headers[h.name.toLowerCase()] = render(h.value, msg, 'none');
  return { method: cfg.method, url, headers, ...(body !== undefined ? { body } : {}) };
}

/** The message sent on after an answer: the answer as payload, status, response headers and URL. */
export function answered(cfg: HttpRequestConfig, msg: FlowMessage, res: HttpResponseData): FlowMessage {
  return {
    ...msg,
    payload: decodeBody(res, cfg.responseType),
    statusCode: res.statusCode,
    headers: res.headers,
    responseUrl: res.url,
  };
}
