import { UserError } from '@millwright/model';
import { Router } from 'express';
import type { ClusterMember } from '../cluster/cluster-member.js';

/**
 * `GET /cluster`: the cluster's runtimes (labels, version, uptime, health, flows and revision) and
 * each flow's placement with its lease holder. Answers `not_clustered` (404) on a single runtime.
 */
export function clusterRoutes(member: () => ClusterMember | undefined): Router {
  const router = Router();
  router.get('/cluster', async (_req, res, next) => {
    const m = member();
    if (!m) {
      next(new UserError('not_clustered', 'this runtime is not part of a cluster (start it with --cluster)'));
      return;
    }
    try {
      res.json(await m.describe());
    } catch (err) {
      next(err);
    }
  });
  return router;
}
