import { serializeFlow, UserError, type FlowsResponse } from '@millwright/model';
import { Router } from 'express';
import type { DeployService } from '../deploy/deploy-service.js';
import type { FlowStore } from '../storage/flow-store.js';
import { flowFileName } from '../storage/flow-files.js';
import { assertPermission, ipOf, principalOf } from './auth-gate.js';

/**
 * `/api/flows`: read the stored flows (`FlowsResponse`), one flow, one flow's file text, and
 * deploy (`POST`, body `DeployRequest`, answer `DeployResponse`; audited), and restart deployed
 * flows unchanged (`POST /restart`, body `{ flows?: string[] }`, answer `{ restarted }`; audited).
 * Mount behind `authGate`.
 */
export function flowsRoutes(args: { store: FlowStore; deployer: DeployService }): Router {
  const { store, deployer } = args;
  const router = Router();
  const flowOr404 = (id: string) => {
    const flow = store.flow(id);
    if (!flow) throw new UserError('flow_not_found', `no flow with id "${id}"`);
    return flow;
  };

  router.get('/', (_req, res) => {
    const body: FlowsResponse = { revision: store.revision, flows: [...store.flows()] };
    res.json(body);
  });
  router.post('/', async (req, res) => {
    const body: unknown = req.body;
    if (typeof body === 'object' && body !== null && Reflect.get(body, 'credentials') !== undefined)
      assertPermission(req, 'credentials:write');
    const { username, role } = principalOf(req);
    res.json(await deployer.deploy(body, { username, role, ...ipOf(req) }));
  });
  router.post('/restart', async (req, res) => {
    res.json(await deployer.restart(req.body, { username: principalOf(req).username, ...ipOf(req) }));
  });
  router.get('/:id', (req, res) => {
    res.json(flowOr404(req.params.id));
  });
  router.get('/:id/export', (req, res) => {
    const flow = flowOr404(req.params.id);
    res.type('application/json').attachment(flowFileName(flow)).send(serializeFlow(flow));
  });
  return router;
}
