import { UserError } from '@millwright/model';
import type { NodeRegistry } from '@millwright/sdk';
import express, { type Express, type Router } from 'express';
import type { Logger } from 'pino';
import type { DeployService } from '../deploy/deploy-service.js';
import type { FlowHealth } from '../engine/flow-health.js';
import type { FlowManager } from '../engine/flow-manager.js';
import type { RuntimeMetrics } from '../metrics/runtime-metrics.js';
import type { FlowStore } from '../storage/flow-store.js';
import type { AdminSecurity } from '../auth/security.js';
import { authGate } from './auth-gate.js';
import { ChartHistory } from '../charts/chart-history.js';
import { dashboardAppRoutes } from '../dashboard/dashboard-app-routes.js';
import { dashboardRoutes } from '../dashboard/dashboard-routes.js';
import { chartRoutes } from './chart-routes.js';
import { editorRoutes } from './editor-routes.js';
import { errorHandler } from './error-handler.js';
import { familyRouteRules, familyRoutes } from './family-routes.js';
import { flowsRoutes } from './flows-routes.js';
import { healthRoutes } from './health-routes.js';
import { httpInRoutes } from './http-in-routes.js';
import { contextRoutes } from './context-routes.js';
import { nodesRoutes } from './nodes-routes.js';
import { securityRoutes } from './security-routes.js';
import { flowTestRoutes, snapshotRoutes } from './snapshot-routes.js';
import type { SnapshotService } from '../snapshots/snapshot-service.js';

/** Largest accepted JSON body; a deployment of many flows stays far below it. */
export const BODY_LIMIT = '5mb';

export interface AppOptions {
  manager: FlowManager;
  /** What /healthz reports. */
  health: FlowHealth;
  metrics: RuntimeMetrics;
  logger: Logger;
  /** The admin API and editor; omitted for headless runs, which serve only /healthz and /metrics. */
  admin?: {
    registry: NodeRegistry;
    store: FlowStore;
    deployer: DeployService;
    /** Deploy history, named snapshots, rollback and diff (`/api/snapshots`). */
    snapshots: SnapshotService;
    /** Authentication, roles, credentials and audit (see `auth/permissions.ts` for route permissions). */
    security: AdminSecurity;
    /** Built editor to serve at `/`. */
    editorDir?: string | undefined;
    /** Data dir of the nodes, lent to the family routes (outbox journals, genealogy, OPC UA PKI); undefined when nodes keep nothing on disk. */
    nodeDataDir?: string | undefined;
    /** More `/api` routers (node packages, Node-RED import), mounted after the built-in ones. */
    routes?: Router[];
  };
}

/**
 * Builds the runtime's express app: `/healthz` and `/metrics` (always open), and with `admin`
 * the `/api/*` routes (each checked by `authGate` against `ROUTE_PERMISSIONS`) and the editor.
 * Every error is answered by one handler as `ApiErrorBody` (`{ code, message, hint?, issues? }`).
 */
export function createApp(options: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(healthRoutes(options));
  app.use('/http', httpInRoutes({ manager: options.manager, bodyLimit: BODY_LIMIT }));
  const admin = options.admin;
  if (admin) {
    // Routes the node families contribute through the registry (OPC UA browse, trace, outbox...).
    const extensions = admin.registry.extensions();
    app.use(
      '/api',
      authGate({ ...admin.security, extraRules: familyRouteRules(extensions) }),
      express.json({ limit: BODY_LIMIT }),
    );
    app.use('/api', securityRoutes(admin));
    app.use('/api/flows', flowsRoutes(admin));
    app.use('/api/snapshots', snapshotRoutes(admin.snapshots));
    app.use('/api', flowTestRoutes(admin.registry));
    app.use('/api', nodesRoutes({ registry: admin.registry, manager: options.manager }));
    app.use('/api/context', contextRoutes(options.manager));
    // One history of chart events for the editor's charts and the dashboards.
    const history = new ChartHistory(options.manager.options.bus, {
      isDeployed: (id) => !!options.manager.nodeType(id),
    });
    app.use('/api', chartRoutes({ history }));
    app.use(
      '/api',
      dashboardRoutes({
        flows: () => admin.store.flows(),
        definition: (type) => admin.registry.definition(type),
        history,
        manager: options.manager,
        audit: admin.security.audit,
      }),
    );
    app.use(
      '/api',
      familyRoutes(extensions, {
        configNode: (id) =>
          admin.store
            .flows()
            .flatMap((f) => f.configs ?? [])
            .find((c) => c.id === id),
        credentials: (id) => admin.security.credentials.get(id),
        nodeType: (id) => options.manager.nodeType(id),
        dataDir: admin.nodeDataDir,
      }),
    );
    for (const router of admin.routes ?? []) app.use('/api', router);
    app.use('/dashboard', dashboardAppRoutes(admin.editorDir));
    app.use(editorRoutes(admin.editorDir));
  }
  app.use('/api', (req) => {
    throw new UserError('not_found', `no route ${req.method} ${req.originalUrl}`);
  });
  app.use(errorHandler(options.logger, BODY_LIMIT));
  return app;
}
