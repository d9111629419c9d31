import { encodeB2mml } from '@millwright/isa95';
import type { NodeContext, NodeHandlers } from '@millwright/sdk';
import { checkTime, productionTime } from '../lib/time/production-time.js';
import type { InventoryMovementConfig } from './config.js';
import { materialLotDocument } from './material-lot.js';
import { applyMovement, parseMovement, type LotBalance } from './movement.js';

/**
 * Node context key: `{ lots: Record<lot, LotBalance> }`, the on-hand quantity per lot. The node
 * starts from it, so the balances survive a restart with a file context store.
 */
export const INVENTORY_CONTEXT_KEY = 'inventory';

/** Creates an inventory-movement instance: movements → B2MML MaterialLot (port 0) and a JSON summary (port 1). */
export function createInventoryMovement(ctx: NodeContext<InventoryMovementConfig>): NodeHandlers {
  const cfg = ctx.config;
  const stored = ctx.context.node.get(INVENTORY_CONTEXT_KEY) as { lots?: Record<string, LotBalance> } | undefined;
  const balances = new Map<string, LotBalance>(Object.entries(stored?.lots ?? {}));
  const publish = () => ctx.context.node.set(INVENTORY_CONTEXT_KEY, { lots: Object.fromEntries(balances) });
  publish();
  return {
    input(msg) {
      const movement = parseMovement(msg.payload);
      // The movement's own time, else the message's production time (source timestamp), else now.
      const now = Date.now();
      const at =
        movement.time !== undefined
          ? checkTime({ raw: movement.time, path: 'payload.time', now, maxFutureMs: cfg.maxFutureMs })
          : productionTime(msg, { property: cfg.timeProperty, now, maxFutureMs: cfg.maxFutureMs }).at;
      // Work on a copy so that a failed encode leaves the balances as they were.
      const next = new Map(balances);
      const result = applyMovement(next, movement, { allowNegative: cfg.allowNegative, at });
      const doc = materialLotDocument(movement, result, cfg);
      const xml = encodeB2mml(doc);
      balances.clear();
      for (const [k, v] of next) balances.set(k, v);
      publish();
      ctx.status({
        fill: result.negative ? 'yellow' : 'green',
        shape: 'dot',
        text: `${result.lot}: ${result.onHand}${result.unit ? ` ${result.unit}` : ''}`,
      });
      const b2mml = {
        ...msg,
        payload: xml,
        headers: { ...msg.headers, 'content-type': 'application/xml' },
        bodId: doc.applicationArea.bodId,
        inventory: result,
      };
      ctx.send([b2mml, ctx.newMessage({ topic: 'inventory', payload: result })]);
    },
  };
}
