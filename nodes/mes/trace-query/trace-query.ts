import { UserError } from '@millwright/model';
import type { NodeContext, NodeHandlers } from '@millwright/sdk';
import { z } from 'zod';
import { openStore, resolveStorePath } from '../lib/genealogy/open-store.js';
import { traceLot } from '../lib/genealogy/trace.js';
import type { TraceQueryConfig } from './config.js';

const query = z.union([
  z
    .string()
    .min(1)
    .transform((lot) => ({ lot, direction: undefined, depth: undefined })),
  z.object({
    lot: z.string().min(1),
    direction: z.enum(['backward', 'forward']).optional(),
    depth: z.number().int().min(1).max(100).optional(),
  }),
]);

/** Creates a trace-query instance: `msg.payload` (a lot, or `{ lot, direction?, depth? }`) becomes its trace tree. */
export function createTraceQuery(ctx: NodeContext<TraceQueryConfig>): NodeHandlers {
  const cfg = ctx.config;
  const path = resolveStorePath(cfg.storePath, ctx.dataDir);
  const store = openStore(path);
  return {
    input(msg) {
      const q = query.safeParse(msg.payload);
      if (!q.success)
        throw new UserError(
          'invalid_trace_query',
          'msg.payload must be a lot id or { lot, direction?: "backward" | "forward", depth?: 1..100 }',
        );
      // Pick up what recorders (in this or other flows) appended since the last query.
      store.refresh();
      const result = traceLot(store, {
        lot: q.data.lot,
        direction: q.data.direction ?? cfg.direction,
        depth: q.data.depth ?? cfg.depth,
        maxNodes: cfg.maxNodes,
      });
      ctx.status({
        fill: result.found ? 'green' : 'yellow',
        shape: 'dot',
        text: result.found
          ? `${result.lot}: ${result.lots.length} lots ${result.direction}`
          : `${result.lot}: not found`,
      });
      ctx.send({ ...msg, payload: result });
    },
    close() {
      if (path !== null) store.close();
    },
  };
}
