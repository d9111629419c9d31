import type { AuditEntry } from '@millwright/model';
import { Router } from 'express';
import { MAX_AUDIT_READ, type AuditLog } from '../audit/audit-log.js';

/** `GET /audit?limit=100` (admin): the newest audit entries first, at most 1,000. */
export function auditRoutes(args: { audit: AuditLog }): Router {
  const router = Router();
  router.get('/audit', async (req, res) => {
    const raw = Number(typeof req.query['limit'] === 'string' ? req.query['limit'] : 100);
    const limit = Number.isFinite(raw) && raw >= 1 ? Math.min(MAX_AUDIT_READ, raw) : 100;
    const body: AuditEntry[] = await args.audit.recent(limit);
    res.json(body);
  });
  return router;
}
