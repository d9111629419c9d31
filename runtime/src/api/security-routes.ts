import type { NodeRegistry } from '@millwright/sdk';
import { Router } from 'express';
import type { AdminSecurity } from '../auth/security.js';
import type { FlowStore } from '../storage/flow-store.js';
import { auditRoutes } from './audit-routes.js';
import { authRoutes } from './auth-routes.js';
import { credentialsRoutes } from './credentials-routes.js';
import { oidcRoutes } from './oidc-routes.js';
import { usersRoutes } from './users-routes.js';

/** `/auth/*` (with single sign-on), `/users*`, `/credentials*` and `/audit`; mount under `/api` behind `authGate`. */
export function securityRoutes(args: { security: AdminSecurity; store: FlowStore; registry: NodeRegistry }): Router {
  const { security, store, registry } = args;
  const router = Router();
  router.use(authRoutes(security));
  router.use(oidcRoutes(security));
  router.use(usersRoutes(security));
  router.use(credentialsRoutes({ credentials: security.credentials, store, registry, audit: security.audit }));
  router.use(auditRoutes(security));
  return router;
}
