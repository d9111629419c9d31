import type { InjectResponse } from '@millwright/model';
import type { NodeRegistry } from '@millwright/sdk';
import { Router } from 'express';
import type { FlowManager } from '../engine/flow-manager.js';

/** `GET /api/nodes` (the node catalog with JSON Schemas) and `POST /api/inject/:id` (trigger a source node). */
export function nodesRoutes(args: { registry: NodeRegistry; manager: FlowManager }): Router {
  const { registry, manager } = args;
  const router = Router();
  const catalog = registry.catalog(); // the registry does not change while the runtime runs
  router.get('/nodes', (_req, res) => {
    res.json(catalog);
  });
  router.post('/inject/:id', async (req, res) => {
    await manager.inject(req.params.id); // node_not_found -> 404, not_triggerable -> 400
    const body: InjectResponse = { ok: true };
    res.json(body);
  });
  return router;
}
