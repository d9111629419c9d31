import { OperationalError, type FlowMessage } from '@millwright/model';
import type { NodeContext, NodeHandlers } from '@millwright/sdk';
import type { GenealogyEdge } from '../lib/genealogy/edge.js';
import { openStore, resolveStorePath } from '../lib/genealogy/open-store.js';
import { productionTime } from '../lib/time/production-time.js';
import type { TraceRecordConfig } from './config.js';
import { edgesOf } from './payload.js';

/** Creates a trace-record instance: genealogy edges from messages, appended durably to the store. */
export function createTraceRecord(ctx: NodeContext<TraceRecordConfig>): NodeHandlers {
  const path = resolveStorePath(ctx.config.storePath, ctx.dataDir);
  const store = openStore(path);
  if (path === null) ctx.log.warn('no data folder: lot genealogy is kept in memory only and lost on restart');
  ctx.status({
    fill: path === null ? 'yellow' : 'grey',
    shape: 'ring',
    text: `${store.size} links${path === null ? ' (memory)' : ''}`,
  });

  return {
    // A batch is one write and one fsync.
    inputBatch(msgs) {
      const now = Date.now();
      const { timeProperty: property, maxFutureMs } = ctx.config;
      const good: Array<{ msg: FlowMessage; edges: GenealogyEdge[] }> = [];
      for (const msg of msgs) {
        try {
          // An event without its own time happened at the message's production time.
          const at = () => productionTime(msg, { property, now, maxFutureMs }).at;
          good.push({ msg, edges: edgesOf(msg.payload, { at, now, maxFutureMs }) });
        } catch (err) {
          ctx.error(err, msg);
        }
      }
      if (good.length === 0) return;
      try {
        store.append(good.flatMap((g) => g.edges));
      } catch (err) {
        const failure = new OperationalError(
          'genealogy_write_failed',
          `could not write ${path ?? 'the genealogy'}: ${String(err)}`,
          err,
        );
        for (const g of good) ctx.error(failure, g.msg);
        return;
      }
      ctx.status({ fill: 'green', shape: 'dot', text: `${store.size} links` });
      for (const g of good) {
        const produced = [...new Set(g.edges.map((e) => e.producedLot))];
        ctx.send({ ...g.msg, genealogy: { recorded: g.edges.length, producedLots: produced } });
      }
    },
    close() {
      if (path !== null) store.close();
    },
  };
}
