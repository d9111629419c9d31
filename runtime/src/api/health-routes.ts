import express, { Router, type ErrorRequestHandler, type Express } from 'express';
import type { Logger } from 'pino';
import type { FlowHealth } from '../engine/flow-health.js';
import type { RuntimeMetrics } from '../metrics/runtime-metrics.js';

/**
 * `GET /healthz` and `GET /metrics` (Prometheus text). Both stay open without a token so probes
 * and scrapers work. `/healthz` answers `{ status, flows, reasons }` as {@link FlowHealth.check}
 * decides: `failing` while a flow is crashed (waiting to restart) or a stored flow is invalid;
 * `starting` while a deploy still starts flows; `degraded` for node faults, a backlog, a stalled
 * queue or unresponsive flow, a crash loop or a required connection down past its grace; else
 * `ok`. Each reason names its flow (and node) and says why; `connections` lists every connection
 * the flows' config nodes hold, up or down. 503 from settings `health.failOn` on (default: only
 * `failing`), else 200.
 */
export function healthRoutes(args: { health: FlowHealth; metrics: RuntimeMetrics }): Router {
  const { health, metrics } = args;
  const router = Router();
  router.get('/healthz', (_req, res, next) => {
    health.check().then(
      (report) =>
        res.status(report.httpStatus).json({
          status: report.status,
          flows: report.flows,
          reasons: report.reasons,
          connections: report.connections,
        }),
      next,
    );
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
export function healthOnlyApp(args: { health: FlowHealth; metrics: RuntimeMetrics; logger: Logger }): Express {
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
