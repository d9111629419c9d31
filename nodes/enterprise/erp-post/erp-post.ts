import { OperationalError, UserError, type FlowMessage } from '@millwright/model';
import { createStoreAndForward, type DeadLetter, type OutboxEntry } from '@millwright/outbox';
import { newMessageId, type NodeContext, type NodeHandlers } from '@millwright/sdk';
import type { HttpCredentials } from '../http-request/auth.js';
import { decodeBody, type HttpResponseData } from '../http-request/http-client.js';
import type { ErpPostConfig } from './config.js';
import { attempt, buildRequest, idempotencyKeyOf, type StoredRequest } from './request.js';

/**
 * Builds the erp-post node on the shared store-and-forward queue (`createStoreAndForward`): each
 * message is turned into a request and appended to the node's outbox journal
 * (`<dataDir>/outbox/<node id>.journal`) with write + fsync before the input handler returns, so
 * an accepted message survives a crash. The queue sends it with the idempotency key, retrying
 * with backoff; delivered requests go out on `ok`, dead letters to the catch nodes
 * (`erp_post_dead_letter`). Without a data dir the outbox is in memory.
 */
export function createErpPost(ctx: NodeContext<ErpPostConfig, HttpCredentials>): NodeHandlers {
  const cfg = ctx.config;
  const statusCodes = new Map<string, number>();
  let lastStatus = '';
  const showStatus = () => {
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

  const outboxInfo = (entry: OutboxEntry<StoredRequest>) => ({
    id: entry.id,
    idempotencyKey: entry.idempotencyKey,
    attempts: entry.attempts,
  });

  const sf = createStoreAndForward<StoredRequest, HttpResponseData>(ctx, {
    policy: {
      maxAttempts: cfg.maxAttempts,
      baseDelayMs: cfg.baseDelayMs,
      maxDelayMs: cfg.maxDelayMs,
      jitter: cfg.jitter,
    },
    maxQueued: cfg.maxQueued,
    concurrency: cfg.concurrency,
    journalFailedCode: 'erp_post_journal_failed',
    durableAcks: true,
    async deliver(entry, signal) {
      const r = await attempt({ cfg, credentials: ctx.credentials, entry, signal });
      if (!r.ok && r.statusCode !== undefined) statusCodes.set(entry.id, r.statusCode);
      return r;
    },
    onDelivered(entry, res) {
      statusCodes.delete(entry.id);
      ctx.send({
        ...entry.request.msg,
        id: newMessageId(),
        payload: decodeBody(res, 'auto'),
        statusCode: res.statusCode,
        headers: res.headers,
        outbox: { ...outboxInfo(entry), attempts: entry.attempts + 1 },
      });
    },
    onDead(dead: DeadLetter<StoredRequest>) {
      const status = statusCodes.get(dead.id);
      statusCodes.delete(dead.id);
      const message = `${dead.request.method} ${dead.request.url} is a dead letter: ${dead.error}`;
      const err =
        status !== undefined && status < 500
          ? new UserError('erp_post_dead_letter', message)
          : new OperationalError('erp_post_dead_letter', message);
      const msg: FlowMessage = {
        ...dead.request.msg,
        id: newMessageId(),
        payload: dead.request.body,
        ...(status !== undefined ? { statusCode: status } : {}),
        outbox: outboxInfo(dead),
      };
      ctx.error(err, msg);
    },
    onChange: showStatus,
  });

  showStatus();
  return {
    // A batch is journaled with one fsync; the handler returns (acknowledges) only after it.
    async inputBatch(msgs) {
      await sf.accept(msgs, (msg) => ({ request: buildRequest(cfg, msg), idempotencyKey: idempotencyKeyOf(msg) }));
    },
    close: () => sf.close(),
  };
}
