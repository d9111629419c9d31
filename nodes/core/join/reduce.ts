import { OperationalError, UserError, type FlowMessage } from '@millwright/model';
import type { NodeContext, NodeHandlers } from '@millwright/sdk';
import { compileValue } from '../change/typed-value.js';
import { compileJsonata, inArrivalOrder } from '../jsonata-expression.js';
import { hold, positionOf, type HeldMessage } from '../sequence-parts.js';
import type { JoinConfig } from './config.js';

/**
 * Join's reduce mode, as Node-RED's: the messages of a sequence are held until all arrived, then
 * folded in index order (or reversed) with the JSONata expression (`$A`, `$I`, `$N`); the fixup
 * expression, if any, gets the result as `$A`. The last message folded carries the result in
 * `msg.payload` (its `msg.parts` stays, as in Node-RED).
 */
export function createReduce(ctx: NodeContext<JoinConfig>): NodeHandlers {
  const cfg = ctx.config;
  const step = compileJsonata(cfg.reduceExpression, ctx);
  const fixup = cfg.reduceFixup.trim() ? compileJsonata(cfg.reduceFixup, ctx) : undefined;
  const init =
    cfg.reduceInitType === 'jsonata'
      ? compileJsonata(cfg.reduceInit, ctx)
      : compileValue(cfg.reduceInitType, cfg.reduceInit, ctx);
  const groups = new Map<string, { count?: number; held: HeldMessage[] }>();
  let pending = 0;

  const reduce = async (held: HeldMessage[], count: number) => {
    const dir = cfg.reduceRight ? -1 : 1;
    const order = [...held].sort((a, b) => dir * ((positionOf(a.msg)?.index ?? 0) - (positionOf(b.msg)?.index ?? 0)));
    let acc: unknown = await init(ctx.newMessage(), {});
    try {
      for (const h of order) acc = await step(h.msg, undefined, { A: acc, I: positionOf(h.msg)?.index ?? 0, N: count });
      if (fixup) acc = await fixup(ctx.newMessage(), {}, { A: acc, N: count });
    } catch (err) {
      for (const h of held) h.release(true);
      throw err;
    }
    const last = order[order.length - 1];
    if (!last) return;
    last.msg.payload = acc;
    ctx.send(last.msg);
    for (const h of held) h.release(h !== last);
  };

  return {
    input: inArrivalOrder(async (msg: FlowMessage) => {
      const pos = positionOf(msg);
      if (!pos) throw new UserError('join_missing_parts', 'reduce mode needs msg.parts (as set by a split node)');
      let group = groups.get(pos.id);
      if (!group) groups.set(pos.id, (group = { held: [] }));
      group.held.push(hold(msg));
      pending++;
      if (pos.count !== undefined) group.count = pos.count;
      if (group.held.length === group.count) {
        groups.delete(pos.id);
        pending -= group.held.length;
        return reduce(group.held, group.count);
      }
      while (pending > cfg.maxGroups * 100 && groups.size) {
        const [id, oldest] = groups.entries().next().value as [string, { held: HeldMessage[] }];
        groups.delete(id);
        pending -= oldest.held.length;
        for (const h of oldest.held) h.release(true);
        ctx.error(new OperationalError('join_too_many', `dropped incomplete sequence ${id} to bound memory`), msg);
      }
    }),
    pending: () => pending,
    close() {
      for (const g of groups.values()) for (const h of g.held) h.release(true);
      groups.clear();
      pending = 0;
    },
  };
}
