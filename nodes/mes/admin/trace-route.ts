import { join } from 'node:path';
import { UserError } from '@millwright/model';
import { defineFamilyExtension, type FamilyRoute } from '@millwright/sdk';
import { GENEALOGY_FILE, GenealogyStore } from '../lib/genealogy/genealogy-store.js';
import { traceLot, type TraceDirection } from '../lib/genealogy/trace.js';

/** Limits of the trace API. */
export interface TraceRouteOptions {
  /** Deepest trace a request may ask for (default 100). */
  maxDepth?: number;
  /** Most lots in one answer (default 10,000). */
  maxNodes?: number;
}

/**
 * `GET /trace/:lot?direction=backward|forward&depth=N`: the lot's genealogy tree (`TraceResult`)
 * from the store the trace-record nodes write in their workers (`<dataDir>/GENEALOGY_FILE`). The
 * file is opened read-only and re-read incrementally on each request.
 *
 * Answers 200 with the tree; 400 (`invalid_request`) for a bad direction or depth; 404
 * (`not_found`) for a lot no edge names, or when the runtime keeps no node data on disk.
 */
export function traceRoute(options: TraceRouteOptions = {}): FamilyRoute {
  const maxDepth = options.maxDepth ?? 100;
  let store: { path: string; store: GenealogyStore } | undefined;
  return {
    method: 'GET',
    path: '/trace/:lot',
    // Traces hold message contents.
    permission: 'events:debug',
    handle(req, services) {
      const lot = req.params['lot'] ?? '';
      const direction = req.query['direction'] ?? 'backward';
      if (direction !== 'backward' && direction !== 'forward')
        throw new UserError('invalid_request', 'query parameter "direction" must be "backward" or "forward"');
      const depthText = req.query['depth'] ?? '10';
      const depth = /^\d+$/.test(depthText) ? Number(depthText) : Number.NaN;
      if (!(depth >= 1 && depth <= maxDepth))
        throw new UserError('invalid_request', `query parameter "depth" must be a whole number from 1 to ${maxDepth}`);
      if (services.dataDir === undefined)
        throw new UserError('not_found', 'this runtime keeps no node data on disk, so there is no genealogy');
      const path = join(services.dataDir, GENEALOGY_FILE);
      if (store?.path === path) store.store.refresh();
      else store = { path, store: GenealogyStore.open(path, { readOnly: true }) };
      const result = traceLot(store.store, {
        lot,
        direction: direction satisfies TraceDirection,
        depth,
        ...(options.maxNodes !== undefined ? { maxNodes: options.maxNodes } : {}),
      });
      if (!result.found) throw new UserError('not_found', `no genealogy recorded for lot "${lot}"`);
      return { body: result };
    },
  };
}

/** The MES family's admin route: lot genealogy for the editor's trace view. */
export const mesExtension = defineFamilyExtension({ id: 'mes-trace', routes: [traceRoute()] });
