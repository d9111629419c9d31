import type { ChartSnapshot } from '@millwright/model';
import { Router } from 'express';
import { ChartHistory } from '../charts/chart-history.js';
import type { EventBus } from '../events/event-bus.js';

export interface ChartRouteOptions {
  bus: EventBus;
  /** True while the node is deployed; histories of removed nodes are dropped after each deploy. */
  isDeployed?: (nodeId: string) => boolean;
}

/**
 * `GET /charts/:nodeId` (mounted under `/api`): the node's latest chart events (`ChartSnapshot`,
 * oldest first, at most 200; empty for a node that published none), so a chart opened in the
 * editor is drawn at once and then follows the live `chart` events of the websocket.
 * Subscribes to the bus for the lifetime of the runtime.
 */
export function chartRoutes(options: ChartRouteOptions): Router {
  const history = new ChartHistory(options.bus, options.isDeployed ? { isDeployed: options.isDeployed } : {});
  const router = Router();
  router.get('/charts/:nodeId', (req, res) => {
    const nodeId = req.params['nodeId'] ?? '';
    res.json({ nodeId, events: history.events(nodeId) } satisfies ChartSnapshot);
  });
  return router;
}
