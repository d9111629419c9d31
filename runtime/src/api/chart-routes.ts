import type { ChartSnapshot } from '@millwright/model';
import { Router } from 'express';
import type { ChartHistory } from '../charts/chart-history.js';

export interface ChartRouteOptions {
  /** The kept chart events (shared with the dashboards), subscribed to the bus for the runtime's lifetime. */
  history: ChartHistory;
}

/**
 * `GET /charts/:nodeId` (mounted under `/api`): the node's latest chart events (`ChartSnapshot`,
 * oldest first, at most 200; empty for a node that published none), so a chart opened in the
 * editor is drawn at once and then follows the live `chart` events of the websocket.
 */
export function chartRoutes(options: ChartRouteOptions): Router {
  const router = Router();
  router.get('/charts/:nodeId', (req, res) => {
    const nodeId = req.params['nodeId'] ?? '';
    res.json({ nodeId, events: options.history.events(nodeId) } satisfies ChartSnapshot);
  });
  return router;
}
