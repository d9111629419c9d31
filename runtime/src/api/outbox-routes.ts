import type {
  OutboxCommandResponse,
  OutboxEntriesResponse,
  OutboxEntryView,
  OutboxListResponse,
  OutboxSummaryView,
} from '@millwright/model';
import { UserError } from '@millwright/model';
import {
  listOutboxes,
  readOutbox,
  submitCommand,
  type DeadLetter,
  type OutboxCommand,
  type OutboxEntry,
} from '@millwright/outbox';
import { Router, type Response } from 'express';

export interface OutboxRouteOptions {
  /** `<node data dir>/outbox`, or undefined when the runtime keeps no node data on disk. */
  dir: string | undefined;
  /** Node type of a deployed node (FlowManager.nodeType), to tell live outboxes from leftovers. */
  nodeType?: (nodeId: string) => string | undefined;
}

/**
 * The outbox admin API, mounted at `/api/outbox` behind the token:
 *
 * - `GET /` lists the outbox journals (`OutboxListResponse`)
 * - `GET /:nodeId/pending`, `GET /:nodeId/dead` list entries (`OutboxEntriesResponse`)
 * - `POST /:nodeId/dead/:id/replay`, `POST /:nodeId/dead/replay` (all) requeue dead letters
 * - `DELETE /:nodeId/dead/:id`, `DELETE /:nodeId/dead` (all) drop them
 *
 * The journals belong to the nodes, which run in flow workers: this router only reads them, and
 * hands replay/delete to the owning node as command files that it applies on its next poll
 * (about 500 ms), so there is one writer per journal and no cross-thread call. Commands answer
 * 202 with the ids handed over; ids that are not dead letters answer 404 `not_found`.
 */
export function outboxRoutes(options: OutboxRouteOptions): Router {
  const router = Router();
  const dirOrFail = (): string => {
    if (!options.dir)
      throw new UserError('not_found', 'this runtime keeps no node data on disk, so there are no outbox journals');
    return options.dir;
  };
  const deadIds = (nodeId: string): string[] => {
    const contents = readOutbox(dirOrFail(), nodeId);
    if (!contents) throw new UserError('not_found', `no outbox for node "${nodeId}"`);
    return contents.dead.map((d) => d.id);
  };
  const command = (res: Response, nodeId: string, cmd: OutboxCommand) => {
    if (cmd.ids.length) submitCommand(dirOrFail(), nodeId, cmd);
    const body: OutboxCommandResponse = { op: cmd.op, ids: cmd.ids };
    res.status(202).json(body);
  };
  const one = (nodeId: string, id: string): string[] => {
    if (!deadIds(nodeId).includes(id))
      throw new UserError('not_found', `outbox "${nodeId}" has no dead letter "${id}"`);
    return [id];
  };

  router.get('/', (_req, res) => {
    const outboxes: OutboxSummaryView[] = options.dir
      ? listOutboxes(options.dir).map(({ name, ...rest }) => {
          const nodeType = options.nodeType?.(name);
          return { nodeId: name, ...(nodeType ? { nodeType } : {}), ...rest };
        })
      : [];
    const body: OutboxListResponse = { durable: options.dir !== undefined, outboxes };
    res.json(body);
  });
  router.get('/:nodeId/:list', (req, res) => {
    const { nodeId, list } = req.params;
    if (list !== 'pending' && list !== 'dead') throw new UserError('not_found', `no route GET ${req.originalUrl}`);
    const contents = readOutbox(dirOrFail(), nodeId);
    if (!contents) throw new UserError('not_found', `no outbox for node "${nodeId}"`);
    const entries = list === 'dead' ? contents.dead.map(view) : contents.pending.map(view);
    const body: OutboxEntriesResponse = { nodeId, entries };
    res.json(body);
  });
  router.post('/:nodeId/dead/replay', (req, res) => {
    command(res, req.params.nodeId, { op: 'replay', ids: deadIds(req.params.nodeId) });
  });
  router.post('/:nodeId/dead/:id/replay', (req, res) => {
    command(res, req.params.nodeId, { op: 'replay', ids: one(req.params.nodeId, req.params.id) });
  });
  router.delete('/:nodeId/dead', (req, res) => {
    command(res, req.params.nodeId, { op: 'delete', ids: deadIds(req.params.nodeId) });
  });
  router.delete('/:nodeId/dead/:id', (req, res) => {
    command(res, req.params.nodeId, { op: 'delete', ids: one(req.params.nodeId, req.params.id) });
  });
  return router;
}

function view(e: OutboxEntry | DeadLetter): OutboxEntryView {
  return {
    id: e.id,
    idempotencyKey: e.idempotencyKey,
    attempts: e.attempts,
    enqueuedAt: e.enqueuedAt,
    ...(e.lastError !== undefined ? { lastError: e.lastError } : {}),
    request: e.request,
    ...('error' in e ? { error: e.error, deadAt: e.deadAt } : {}),
  };
}
