import type { InjectResponse, NodeCatalogEntry } from '@millwright/model';
import type { NodeRegistry } from '@millwright/sdk';
import { Router } from 'express';
import type { FlowManager } from '../engine/flow-manager.js';

/** `GET /api/nodes` (the node catalog with JSON Schemas) and `POST /api/inject/:id` (trigger a source node). */
export function nodesRoutes(args: { registry: NodeRegistry; manager: FlowManager }): Router {
  const { registry, manager } = args;
  const router = Router();
  // Built once and rebuilt only when a definition was replaced (dev-mode reload of a node package).
  let cached: { defs: unknown[]; catalog: NodeCatalogEntry[] } | undefined;
  router.get('/nodes', (_req, res) => {
    const defs = registry.types().map((t) => registry.definition(t));
    if (!cached || defs.length !== cached.defs.length || defs.some((d, i) => d !== cached?.defs[i]))
      cached = { defs, catalog: registry.catalog() };
    res.json(cached.catalog);
  });
  router.post('/inject/:id', async (req, res) => {
    await manager.inject(req.params.id); // node_not_found -> 404, not_triggerable -> 400
    const body: InjectResponse = { ok: true };
    res.json(body);
  });
  return router;
}
