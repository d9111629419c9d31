import { join } from 'node:path';
import type {
  OutboxCommandResponse,
  OutboxEntriesResponse,
  OutboxEntryView,
  OutboxListResponse,
  OutboxSummaryView,
} from '@millwright/model';
import { UserError } from '@millwright/model';
import type { FamilyExtension, FamilyRoute, FamilyServices } from '@millwright/sdk';
import { submitCommand, type OutboxCommand } from './commands.js';
import { listOutboxes, readOutbox } from './inspect.js';
import { OUTBOX_FOLDER } from './paths.js';
import type { DeadLetter, OutboxEntry } from './records.js';

/**
 * The outbox admin API, below `/api/outbox` (every family with store-and-forward nodes registers
 * it; the registry keeps it once):
 *
 * - `GET /outbox` lists the outbox journals (`OutboxListResponse`)
 * - `GET /outbox/:nodeId/pending`, `GET /outbox/:nodeId/dead` list entries (`OutboxEntriesResponse`)
 * - `POST /outbox/:nodeId/dead/:id/replay`, `POST /outbox/:nodeId/dead/replay` (all) requeue dead letters
 * - `DELETE /outbox/:nodeId/dead/:id`, `DELETE /outbox/:nodeId/dead` (all) drop them
 *
 * The journals belong to the nodes, which run in flow workers: these routes only read them, and
 * hand replay/delete to the owning node as command files that it applies on its next poll
 * (about 500 ms), so there is one writer per journal and no cross-thread call. Commands answer
 * 202 with the ids handed over; ids that are not dead letters answer 404 `not_found`.
 */
function outboxRoutes(): FamilyRoute[] {
  const dirOf = (s: FamilyServices): string | undefined =>
    s.dataDir === undefined ? undefined : join(s.dataDir, OUTBOX_FOLDER);
  const dirOrFail = (s: FamilyServices): string => {
    const dir = dirOf(s);
    if (!dir)
      throw new UserError('not_found', 'this runtime keeps no node data on disk, so there are no outbox journals');
    return dir;
  };
  const deadIds = (s: FamilyServices, nodeId: string): string[] => {
    const contents = readOutbox(dirOrFail(s), nodeId);
    if (!contents) throw new UserError('not_found', `no outbox for node "${nodeId}"`);
    return contents.dead.map((d) => d.id);
  };
  const command = (s: FamilyServices, nodeId: string, cmd: OutboxCommand) => {
    if (cmd.ids.length) submitCommand(dirOrFail(s), nodeId, cmd);
    const body: OutboxCommandResponse = { op: cmd.op, ids: cmd.ids };
    return { status: 202, body };
  };
  const one = (s: FamilyServices, nodeId: string, id: string): string[] => {
    if (!deadIds(s, nodeId).includes(id))
      throw new UserError('not_found', `outbox "${nodeId}" has no dead letter "${id}"`);
    return [id];
  };
  const p = (params: Record<string, string>, key: string) => params[key] ?? '';
  // Message contents: reading needs outbox:read; replaying and deleting change what gets sent.
  return [
    {
      method: 'GET',
      path: '/outbox',
      permission: 'outbox:read',
      handle(_req, s) {
        const dir = dirOf(s);
        const outboxes: OutboxSummaryView[] = dir
          ? listOutboxes(dir).map(({ name, ...rest }) => {
              const nodeType = s.nodeType(name);
              return { nodeId: name, ...(nodeType ? { nodeType } : {}), ...rest };
            })
          : [];
        const body: OutboxListResponse = { durable: dir !== undefined, outboxes };
        return { body };
      },
    },
    {
      method: 'GET',
      path: '/outbox/:nodeId/:list',
      permission: 'outbox:read',
      handle(req, s) {
        const nodeId = p(req.params, 'nodeId');
        const list = p(req.params, 'list');
        if (list !== 'pending' && list !== 'dead')
          throw new UserError('not_found', `no route GET /api/outbox/${nodeId}/${list}`);
        const contents = readOutbox(dirOrFail(s), nodeId);
        if (!contents) throw new UserError('not_found', `no outbox for node "${nodeId}"`);
        const entries = list === 'dead' ? contents.dead.map(view) : contents.pending.map(view);
        const body: OutboxEntriesResponse = { nodeId, entries };
        return { body };
      },
    },
    {
      method: 'POST',
      path: '/outbox/:nodeId/dead/replay',
      permission: 'outbox:replay',
      handle: (req, s) =>
        command(s, p(req.params, 'nodeId'), { op: 'replay', ids: deadIds(s, p(req.params, 'nodeId')) }),
    },
    {
      method: 'POST',
      path: '/outbox/:nodeId/dead/:id/replay',
      permission: 'outbox:replay',
      handle: (req, s) =>
        command(s, p(req.params, 'nodeId'), {
          op: 'replay',
          ids: one(s, p(req.params, 'nodeId'), p(req.params, 'id')),
        }),
    },
    {
      method: 'DELETE',
      path: '/outbox/:nodeId/dead',
      permission: 'outbox:replay',
      handle: (req, s) =>
        command(s, p(req.params, 'nodeId'), { op: 'delete', ids: deadIds(s, p(req.params, 'nodeId')) }),
    },
    {
      method: 'DELETE',
      path: '/outbox/:nodeId/dead/:id',
      permission: 'outbox:replay',
      handle: (req, s) =>
        command(s, p(req.params, 'nodeId'), {
          op: 'delete',
          ids: one(s, p(req.params, 'nodeId'), p(req.params, 'id')),
        }),
    },
  ];
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

/**
 * The store-and-forward queues' admin routes. Not a family of its own: each family whose nodes
 * keep an outbox lists this one object in its `extensions`, and the registry mounts it once.
 */
export const outboxExtension: FamilyExtension = { id: 'outbox', routes: outboxRoutes() };
