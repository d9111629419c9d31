import type { NodePackageInfo, NodePackagesResponse } from '@millwright/model';
import { Router } from 'express';

/**
 * `GET /nodes/packages`: the custom node packages found at start-up, with their types or the
 * reason they are not loaded. Mount under `/api` behind the token.
 */
export function nodePackagesRoutes(packages: () => readonly NodePackageInfo[]): Router {
  const router = Router();
  router.get('/nodes/packages', (_req, res) => {
    const body: NodePackagesResponse = { packages: [...packages()] };
    res.json(body);
  });
  return router;
}
