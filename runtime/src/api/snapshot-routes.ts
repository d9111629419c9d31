import type { SnapshotsResponse } from '@millwright/model';
import { Router, type Request } from 'express';
import type { SnapshotService } from '../snapshots/snapshot-service.js';
import { ipOf, principalOf } from './auth-gate.js';

/**
 * `/api/snapshots` (docs/versions.md): `GET /` list (newest first), `GET /:id` one snapshot,
 * `POST /` `{ name, message? }` names the deployed flows, `DELETE /:id`, `POST /:id/rollback`
 * `{ message?, revision? }` deploys a snapshot, `GET /:a/diff/:b` (`b` may be `current`) the
 * semantic diff. Creating, deleting and rolling back are audited. Mount behind `authGate`.
 */
export function snapshotRoutes(snapshots: SnapshotService): Router {
  const router = Router();
  const actor = (req: Request) => ({ username: principalOf(req).username, ...ipOf(req) });
  router.get('/', async (_req, res) => {
    const body: SnapshotsResponse = { snapshots: await snapshots.list() };
    res.json(body);
  });
  router.post('/', async (req, res) => {
    res.status(201).json(await snapshots.create(req.body, actor(req)));
  });
  router.get('/:id', async (req, res) => {
    res.json(await snapshots.get(req.params.id));
  });
  router.delete('/:id', async (req, res) => {
    await snapshots.remove(req.params.id, actor(req));
    res.status(204).end();
  });
  router.post('/:id/rollback', async (req, res) => {
    res.json(await snapshots.rollback(req.params.id, req.body, actor(req)));
  });
  router.get('/:a/diff/:b', async (req, res) => {
    res.json(await snapshots.diff(req.params.a, req.params.b));
  });
  return router;
}
