import { Router } from 'express';
import type { FlowManager } from '../engine/flow-manager.js';
import type { RuntimeMetrics } from '../metrics/runtime-metrics.js';

/**
 * `GET /healthz` (`{ status, flows }`, 503 while any flow is crashed and not restarting) and
 * `GET /metrics` (Prometheus text). Both stay open without a token so probes and scrapers work.
 */
export function healthRoutes(args: { manager: FlowManager; metrics: RuntimeMetrics }): Router {
  const { manager, metrics } = args;
  const router = Router();
  router.get('/healthz', (_req, res) => {
    const flows = manager.states();
    const crashed = flows.some((f) => f.state === 'crashed');
    res.status(crashed ? 503 : 200).json({ status: crashed ? 'failing' : 'ok', flows });
  });
  router.get('/metrics', async (_req, res) => {
    res.type(metrics.contentType).send(await metrics.render());
  });
  return router;
}
