import { UserError } from '@millwright/model';
import { GenealogyStore, traceLot, type TraceDirection } from '@millwright/nodes-mes';
import { Router } from 'express';

/** Options of the trace API. */
export interface TraceRouteOptions {
  /** The genealogy file the trace-record nodes write, normally `join(dataDir, GENEALOGY_FILE)`. */
  storePath: string;
  /** Deepest trace a request may ask for (default 100). */
  maxDepth?: number;
  /** Most lots in one answer (default 10,000). */
  maxNodes?: number;
}

/**
 * `GET /trace/:lot?direction=backward|forward&depth=N`: the lot's genealogy tree (`TraceResult`
 * of @millwright/nodes-mes) from the store the trace-record nodes write in their workers. The file is
 * opened read-only and re-read incrementally on each request. Mount it under `/api` behind the token:
 * `app.use('/api', traceRoutes({ storePath: join(dataDir, GENEALOGY_FILE) }))`.
 *
 * Answers 200 with the tree; 400 (`invalid_request`) for a bad direction or depth; 404
 * (`not_found`) for a lot no edge names.
 */
export function traceRoutes(options: TraceRouteOptions): Router {
  const maxDepth = options.maxDepth ?? 100;
  let store: GenealogyStore | undefined;
  const router = Router();
  router.get('/trace/:lot', (req, res) => {
    const lot = req.params['lot'] ?? '';
    const direction = req.query['direction'] ?? 'backward';
    if (direction !== 'backward' && direction !== 'forward')
      throw new UserError('invalid_request', 'query parameter "direction" must be "backward" or "forward"');
    const depthText = req.query['depth'] ?? '10';
    const depth = typeof depthText === 'string' && /^\d+$/.test(depthText) ? Number(depthText) : Number.NaN;
    if (!(depth >= 1 && depth <= maxDepth))
      throw new UserError('invalid_request', `query parameter "depth" must be a whole number from 1 to ${maxDepth}`);
    if (store) store.refresh();
    else store = GenealogyStore.open(options.storePath, { readOnly: true });
    const result = traceLot(store, {
      lot,
      direction: direction satisfies TraceDirection,
      depth,
      ...(options.maxNodes !== undefined ? { maxNodes: options.maxNodes } : {}),
    });
    if (!result.found) throw new UserError('not_found', `no genealogy recorded for lot "${lot}"`);
    res.json(result);
  });
  return router;
}
