import { OperationalError, UserError, type FlowMessage } from '@millwright/model';
import { createStoreAndForward, retryPolicyOf } from '@millwright/outbox';
import { newMessageId, type NodeContext, type NodeHandlers } from '@millwright/sdk';
import type { HttpCredentials } from './auth.js';
import type { HttpRequestConfig } from './config.js';
import type { HttpResponseData } from './http-client.js';
import { answered, credentialsOf, outboundClientOf, requestFor } from './http-request.js';
import { carriedProperties, sendStored, storedBody, type StoredRequest } from './stored-request.js';

/**
 * http-request with store-and-forward: each request is journaled (fsync) before the input is
 * acknowledged, sent oldest first, retried with backoff while the server is unreachable or
 * answers 408/425/429/5xx, and kept in the journal until it got through, so a SIGKILL re-sends at
 * most the request in flight. The answer goes out as without the queue (with `outbox` info);
 * other 4xx answers and missing credentials make dead letters (`http_dead_letter`, to catch nodes).
 */
export function createQueuedRequests(ctx: NodeContext<HttpRequestConfig, HttpCredentials>): NodeHandlers {
  const cfg = ctx.config;
  const statusCodes = new Map<string, number>();
  const client = outboundClientOf(ctx);
  const credentialsFor = credentialsOf(ctx);
  let lastStatus = '';
  const show = () => {
    const text = sf.describe();
    if (text === lastStatus) return;
    lastStatus = text;
    const error = sf.depth ? sf.lastError : undefined;
    ctx.status({
      fill: error ? 'red' : sf.depth ? 'blue' : sf.deadCount ? 'yellow' : 'green',
      shape: error ? 'ring' : 'dot',
      text,
    });
  };
  const sf = createStoreAndForward<StoredRequest, HttpResponseData>(ctx, {
    policy: retryPolicyOf(cfg),
    maxQueued: cfg.maxQueued,
    async deliver(entry, signal) {
      const headers: Record<string, string> = {};
      try {
        const auth = credentialsFor(entry.request.url);
        if (auth) headers['authorization'] = auth;
      } catch (err) {
        return { ok: false, permanent: true, error: (err as Error).message };
      }
      const r = await sendStored(entry.request, { headers, timeoutMs: cfg.timeoutMs, signal, client });
      if (!r.ok && r.statusCode !== undefined) statusCodes.set(entry.id, r.statusCode);
      return r;
    },
    onDelivered(entry, res) {
      statusCodes.delete(entry.id);
      const msg: FlowMessage = { ...entry.request.msg, id: newMessageId() };
      ctx.send({ ...answered(cfg, msg, res), outbox: { id: entry.id, attempts: entry.attempts + 1 } });
    },
    onDead(dead) {
      const status = statusCodes.get(dead.id);
      statusCodes.delete(dead.id);
      const message = `${dead.request.method} ${dead.request.url} is a dead letter: ${dead.error}`;
      const err =
        status !== undefined && status < 500
          ? new UserError('http_dead_letter', message)
          : new OperationalError('http_dead_letter', message);
      ctx.error(err, {
        ...dead.request.msg,
        id: newMessageId(),
        payload: dead.request.body,
        ...(status !== undefined ? { statusCode: status } : {}),
        outbox: { id: dead.id, attempts: dead.attempts },
      });
    },
    onChange: show,
  });
  show();
  return {
    async inputBatch(msgs) {
      await sf.accept(msgs, (msg) => {
        const { body, ...req } = requestFor(cfg, msg);
        return { request: { ...req, ...storedBody(body), msg: carriedProperties(msg) }, idempotencyKey: msg.id };
      });
    },
    async close() {
      await sf.close();
      client.close();
    },
  };
}
