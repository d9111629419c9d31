import { Router } from 'express';
import type { FlowManager } from '../engine/flow-manager.js';

/**
 * The editor's context viewer (read only): `GET /api/context/global`, `/flow/:flowId` and
 * `/node/:nodeId`, each a `ContextScopeView` (sorted keys, at most 1,000, values cut as debug
 * values are). Flow and node context come from the flow's host, the one place they live; an unknown
 * flow or node answers 404, a host that does not answer in time 504 `context_timeout`. `DELETE`
 * of `/global/:key`, `/flow/:flowId/:key`, `/node/:nodeId/:key` removes one key (204).
 */
export function contextRoutes(manager: FlowManager): Router {
  const router = Router();
  router.get('/global', (_req, res) => {
    res.json(manager.globalContextView());
  });
  router.get('/flow/:flowId', async (req, res) => {
    res.json(await manager.contextView({ flowId: req.params.flowId }));
  });
  router.get('/node/:nodeId', async (req, res) => {
    res.json(await manager.contextView({ nodeId: req.params.nodeId }));
  });
  // Deleting a key changes what the flow does next, as an edit does: `flows:edit` (editor).
  router.delete('/global/:key', async (req, res) => {
    await manager.deleteContext('global', req.params.key);
    res.status(204).end();
  });
  router.delete('/flow/:flowId/:key', async (req, res) => {
    await manager.deleteContext({ flowId: req.params.flowId }, req.params.key);
    res.status(204).end();
  });
  router.delete('/node/:nodeId/:key', async (req, res) => {
    await manager.deleteContext({ nodeId: req.params.nodeId }, req.params.key);
    res.status(204).end();
  });
  return router;
}
