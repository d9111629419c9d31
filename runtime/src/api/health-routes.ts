import express, { Router, type ErrorRequestHandler, type Express } from 'express';
import type { Logger } from 'pino';
import type { FlowManager } from '../engine/flow-manager.js';
import type { RuntimeMetrics } from '../metrics/runtime-metrics.js';

/**
 * `GET /healthz` (`{ status, flows }`: `failing` with 503 while any flow is crashed and not
 * restarting, or is a stored flow left out at start-up as `invalid` (with its `issues`); `starting` while a deploy still starts flows; `degraded` (200, still serving) while a
 * running flow has nodes that could not start, listed in its `faults`, or its queue is over the
 * high-water mark and its sources are paused, shown as its `backlog`; else `ok`) and
 * `GET /metrics` (Prometheus text). Both stay open without a token so probes and scrapers work.
 */
export function healthRoutes(args: { manager: FlowManager; metrics: RuntimeMetrics }): Router {
  const { manager, metrics } = args;
  const router = Router();
  router.get('/healthz', (_req, res) => {
    const flows = manager.states();
    const crashed = flows.some((f) => f.state === 'crashed' || f.state === 'invalid');
    const starting = flows.some((f) => f.state === 'starting');
    const degraded = flows.some((f) => f.faults?.length || f.backlog !== undefined);
    const status = crashed ? 'failing' : starting ? 'starting' : degraded ? 'degraded' : 'ok';
    res.status(crashed ? 503 : 200).json({ status, flows });
  });
  router.get('/metrics', async (_req, res) => {
    res.type(metrics.contentType).send(await metrics.render());
  });
  return router;
}

/**
 * An app with only {@link healthRoutes}, for the separate metrics listener: any other request,
 * `/api` included, gets 404 `{ code: 'not_found', message }`; a failing handler 500 `{ code: 'internal' }`.
 */
export function healthOnlyApp(args: { manager: FlowManager; metrics: RuntimeMetrics; logger: Logger }): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(healthRoutes(args));
  app.use((req, res) => {
    res.status(404).json({
      code: 'not_found',
      message: `no route ${req.method} ${req.path}: this listener serves GET /healthz and /metrics only`,
    });
  });
  const onError: ErrorRequestHandler = (err: unknown, req, res, _next) => {
    args.logger.error({ err, path: req.path }, 'metrics listener request failed');
    if (!res.headersSent) res.status(500).json({ code: 'internal', message: 'could not render the response' });
  };
  app.use(onError);
  return app;
}
