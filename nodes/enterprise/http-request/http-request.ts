import { OperationalError, UserError, type FlowMessage } from '@millwright/model';
import type { NodeContext, NodeHandlers } from '@millwright/sdk';
import { authorization, type HttpCredentials } from './auth.js';
import type { HttpRequestConfig } from './config.js';
import { bodyFromPayload, decodeBody, messageHeaders, render, sendHttp } from './http-client.js';

/**
 * Builds the http-request node: one request per message; the answer replaces `msg.payload` and
 * sets `msg.statusCode`, `msg.headers` (response headers) and `msg.responseUrl`.
 * Requests in flight are aborted on close.
 */
export function createHttpRequest(ctx: NodeContext<HttpRequestConfig, HttpCredentials>): NodeHandlers {
  const cfg = ctx.config;
  const inFlight = new Set<AbortController>();
  return {
    async input(msg) {
      const url = cfg.url ? render(cfg.url, msg, 'url') : typeof msg['url'] === 'string' ? msg['url'] : '';
      if (!url) throw new UserError('http_url_missing', 'no URL: set `url` in the node or `msg.url`');
      const headers = messageHeaders(msg.headers);
      const { body, contentType } =
        cfg.method === 'GET' || cfg.method === 'HEAD' ? { body: undefined } : bodyFromPayload(msg.payload);
      if (contentType && !headers['content-type']) headers['content-type'] = contentType;
      for (const h of cfg.headers) headers[h.name.toLowerCase()] = render(h.value, msg, 'none');
      const auth = authorization(cfg.auth, ctx.credentials);
      if (auth) headers['authorization'] = auth;
      const controller = new AbortController();
      inFlight.add(controller);
      try {
        const res = await sendHttp({
          method: cfg.method,
          url,
          headers,
          ...(body !== undefined ? { body } : {}),
          timeoutMs: cfg.timeoutMs,
          signal: controller.signal,
        });
        if (cfg.errorOnStatus && res.statusCode >= 400) {
          const err = new OperationalError(
            'http_status',
            `${cfg.method} ${url} answered ${res.statusCode}: ${res.body.toString('utf8').slice(0, 200)}`,
          );
          ctx.error(err, { ...msg, statusCode: res.statusCode });
          return;
        }
        const out: FlowMessage = {
          ...msg,
          payload: decodeBody(res, cfg.responseType),
          statusCode: res.statusCode,
          headers: res.headers,
          responseUrl: res.url,
        };
        ctx.send(out);
      } finally {
        inFlight.delete(controller);
      }
    },
    close() {
      for (const c of inFlight) c.abort();
      inFlight.clear();
    },
  };
}
