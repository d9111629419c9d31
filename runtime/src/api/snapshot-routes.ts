import { UserError, ValidationError, type SnapshotsResponse } from '@millwright/model';
import type { NodeRegistry } from '@millwright/sdk';
import { Router, type Request } from 'express';
import { checkFlows } from '../deploy/check-flows.js';
import type { SnapshotService } from '../snapshots/snapshot-service.js';
import { runSnapshotTests } from '../snapshots/snapshot-tests.js';
import { ipOf, principalOf } from './auth-gate.js';

/**
 * `/api/snapshots` (docs/versions.md): `GET /` list (newest first), `GET /:id` one snapshot,
 * `POST /` `{ name, message? }` names the deployed flows, `DELETE /:id`, `POST /:id/rollback`
 * `{ message?, revision? }` deploys a snapshot, `POST /:id/promote` `PromoteRequest` (admin: the
 * runtime calls the target) deploys it to another runtime behind the test gate, `GET /:a/diff/:b` (`b` may be `current`) the
 * semantic diff. Creating, deleting, rolling back and promoting are audited. Mount behind `authGate`.
 */
export function snapshotRoutes(snapshots: SnapshotService): Router {
  const router = Router();
  // The role goes along: a rollback that brings back a changed exec node needs admin (decision 0032).
  const actor = (req: Request) => {
    const { username, role } = principalOf(req);
    return { username, role, ...ipOf(req) };
  };
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
  router.post('/:id/promote', async (req, res) => {
    res.json(await snapshots.promote(req.params.id, req.body, actor(req)));
  });
  router.get('/:a/diff/:b', async (req, res) => {
    res.json(await snapshots.diff(req.params.a, req.params.b));
  });
  return router;
}

/**
 * `POST /api/flow-tests` `{ flows, tests: { [flowId]: <tests file> } }`: runs the flow tests with
 * this runtime's node types and versions (the gate of `millwright promote`), answers the
 * `millwright test --reporter json` result. Deploys nothing. Mount behind `authGate`.
 */
export function flowTestRoutes(registry: NodeRegistry): Router {
  const router = Router();
  router.post('/flow-tests', async (req, res) => {
    const body: unknown = req.body;
    const flows: unknown = typeof body === 'object' && body !== null ? Reflect.get(body, 'flows') : undefined;
    const tests: unknown = typeof body === 'object' && body !== null ? Reflect.get(body, 'tests') : undefined;
    if (!Array.isArray(flows) || typeof tests !== 'object' || tests === null || Array.isArray(tests))
      throw new UserError('invalid_request', 'expected { flows: [...], tests: { [flowId]: <tests file> } }');
    const check = checkFlows(flows, registry);
    if (!check.ok) throw new ValidationError(check.issues);
    res.json(await runSnapshotTests({ flows: check.flows, tests: tests as Record<string, unknown>, registry }));
  });
  return router;
}
