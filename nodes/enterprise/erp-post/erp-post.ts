import { join } from 'node:path';
import { OperationalError, UserError, type FlowMessage } from '@millwright/model';
import {
  applyCommands,
  journalPath,
  OUTBOX_FOLDER,
  OutboxDispatcher,
  OutboxJournal,
  type DeadLetter,
  type NewEntry,
  type OutboxEntry,
} from '@millwright/outbox';
import { newMessageId, type NodeContext, type NodeHandlers } from '@millwright/sdk';
import type { HttpCredentials } from '../http-request/auth.js';
import { decodeBody, type HttpResponseData } from '../http-request/http-client.js';
import type { ErpPostConfig } from './config.js';
import { attempt, buildRequest, idempotencyKeyOf, type StoredRequest } from './request.js';

/** How often operator commands (replay, delete from the admin API) are picked up. */
export const COMMAND_POLL_MS = 500;

/**
 * Builds the erp-post node. Each message is turned into a request and appended to the node's
 * outbox journal (`<dataDir>/outbox/<node id>.journal`) with write + fsync before the input
 * handler returns, so an accepted message survives a crash. A dispatcher then sends the queue
 * with the idempotency key, retrying with backoff; delivered requests go out on `ok`, dead
 * letters to the catch nodes (`erp_post_dead_letter`). Without a data dir the outbox is in memory.
 */
export function createErpPost(ctx: NodeContext<ErpPostConfig, HttpCredentials>): NodeHandlers {
  const cfg = ctx.config;
  const outboxDir = ctx.dataDir !== undefined ? join(ctx.dataDir, OUTBOX_FOLDER) : undefined;
  const journal = OutboxJournal.open<StoredRequest>(outboxDir ? journalPath(outboxDir, ctx.id) : undefined);
  if (!outboxDir) ctx.log.warn('no data dir: the outbox is kept in memory and lost on restart');
  const { tornBytes, corruptLines } = journal.recovery;
  if (tornBytes || corruptLines)
    ctx.log.warn(`outbox recovered: cut a torn last write of ${tornBytes} bytes, skipped ${corruptLines} bad lines`);
  if (journal.depth) ctx.log.info(`outbox recovered ${journal.depth} queued requests`);

  const statusCodes = new Map<string, number>();
  let lastStatus = '';
  const showStatus = () => {
    const depth = journal.depth;
    const dead = journal.deadLetters().length;
    const parts = [depth ? `${depth} queued` : 'idle'];
    if (dead) parts.push(`${dead} dead`);
    const error = depth ? dispatcher.lastError : undefined;
    let text = parts.join(', ') + (error ? ` · ${error.slice(0, 60)}` : '') + (outboxDir ? '' : ' (memory)');
    if (text.length > 100) text = `${text.slice(0, 99)}…`;
    if (text === lastStatus) return;
    lastStatus = text;
    ctx.status({
      fill: error ? 'red' : depth ? 'blue' : dead ? 'yellow' : 'green',
      shape: error ? 'ring' : 'dot',
      text,
    });
  };

  const outboxInfo = (entry: OutboxEntry<StoredRequest>) => ({
    id: entry.id,
    idempotencyKey: entry.idempotencyKey,
    attempts: entry.attempts,
  });

  const dispatcher = new OutboxDispatcher<StoredRequest, HttpResponseData>({
    journal,
    policy: {
      maxAttempts: cfg.maxAttempts,
      baseDelayMs: cfg.baseDelayMs,
      maxDelayMs: cfg.maxDelayMs,
      jitter: cfg.jitter,
    },
    concurrency: cfg.concurrency,
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
    onJournalError: (err) => ctx.log.error(`outbox journal write failed: ${(err as Error).message}`),
  });

  const poll = outboxDir
    ? setInterval(() => {
        try {
          const done = applyCommands(journal, outboxDir, ctx.id);
          if (done.replayed.length || done.deleted.length) {
            ctx.log.info(`outbox: replayed ${done.replayed.length}, deleted ${done.deleted.length} dead letters`);
            dispatcher.kick();
            showStatus();
          }
        } catch (err) {
          ctx.log.warn(`outbox commands: ${(err as Error).message}`);
        }
      }, COMMAND_POLL_MS)
    : undefined;

  showStatus();
  dispatcher.kick(); // recovered entries go out at once

  return {
    // A batch is journaled with one fsync; the handler returns (acknowledges) only after it.
    inputBatch(msgs) {
      const entries: NewEntry<StoredRequest>[] = [];
      const accepted: FlowMessage[] = [];
      for (const msg of msgs) {
        try {
          entries.push({ id: newMessageId(), idempotencyKey: idempotencyKeyOf(msg), request: buildRequest(cfg, msg) });
          accepted.push(msg);
        } catch (err) {
          ctx.error(err, msg);
        }
      }
      if (!entries.length) return;
      try {
        journal.enqueue(entries);
      } catch (err) {
        const e = new OperationalError(
          'erp_post_journal_failed',
          `outbox journal write failed: ${(err as Error).message}`,
          err,
        );
        for (const msg of accepted) ctx.error(e, msg);
        return;
      }
      showStatus();
      dispatcher.kick();
    },
    async close() {
      if (poll) clearInterval(poll);
      await dispatcher.stop();
      journal.close();
    },
  };
}
