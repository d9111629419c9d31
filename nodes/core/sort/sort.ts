import { OperationalError, UserError, type FlowMessage } from '@millwright/model';
import { getMsgPath, parseMsgPath, type NodeContext, type NodeHandlers } from '@millwright/sdk';
import { compileJsonata, inArrivalOrder } from '../jsonata-expression.js';
import { describeValue } from '../parser-input.js';
import { hold, positionOf, sendHeld, type HeldMessage } from '../sequence-parts.js';
import type { SortConfig } from './config.js';

interface Group {
  count?: number;
  held: HeldMessage[];
}

/** Builds the sort node. Keys compare as in Node-RED: equal, greater (`>`), else less. */
export function createSort(ctx: NodeContext<SortConfig>): NodeHandlers {
  const cfg = ctx.config;
  const dir = cfg.order === 'ascending' ? 1 : -1;
  const conv = cfg.asNumber ? (x: unknown) => Number(x) : (x: unknown) => x;
  const compareBy =
    <T>(key: (item: T) => unknown) =>
    (a: T, b: T): number => {
      const x = conv(key(a)) as number;
      const y = conv(key(b)) as number;
      return x === y ? 0 : x > y ? dir : -dir;
    };

  const keyOf = cfg.keyExpression ? compileJsonata(cfg.keyExpression, ctx) : undefined;
  /** Keys computed first (JSONata is async), then a synchronous sort by them. */
  const sortByExpression = async <T>(items: T[], msgOf: (item: T) => FlowMessage, input?: (item: T) => unknown) => {
    const keyed: Array<{ item: T; key: unknown }> = [];
    for (const item of items) keyed.push({ item, key: await keyOf?.(msgOf(item), input?.(item)) });
    return keyed.sort(compareBy((k) => k.key)).map((k) => k.item);
  };

  if (cfg.target === 'property') {
    const segs = parseMsgPath(cfg.property);
    const readArray = (msg: FlowMessage): unknown[] => {
      const value = getMsgPath(msg, segs);
      if (!Array.isArray(value))
        throw new UserError('sort_not_an_array', `"${cfg.property}" is ${describeValue(value)}, not an array`);
      return value;
    };
    if (keyOf)
      return {
        input: inArrivalOrder(async (msg) => {
          const value = readArray(msg);
          const sorted = await sortByExpression(
            value,
            () => msg,
            (e) => e,
          );
          value.splice(0, value.length, ...sorted);
          ctx.send(msg);
        }),
      };
    const elementKey = cfg.elementKey ? parseMsgPath(cfg.elementKey, { msgPrefix: false }) : undefined;
    const compare = compareBy<unknown>(elementKey ? (e) => getMsgPath(e, elementKey) : (e) => e);
    return {
      input(msg) {
        const value = readArray(msg);
        value.sort(compare); // in place, as Node-RED: the message owns its payload
        ctx.send(msg);
      },
    };
  }

  const keySegs = parseMsgPath(cfg.key);
  const compare = compareBy<HeldMessage>((h) => getMsgPath(h.msg, keySegs));
  const groups = new Map<string, Group>(); // insertion order = age
  let pending = 0;

  const dropOldest = (cause: FlowMessage) => {
    const [id, group] = groups.entries().next().value as [string, Group];
    groups.delete(id);
    pending -= group.held.length;
    for (const h of group.held) h.release(true);
    ctx.error(
      new OperationalError(
        'sort_too_many',
        `dropped incomplete sequence ${id} (${group.held.length} message(s)) to stay within maxPending (${cfg.maxPending})`,
      ),
      cause,
    );
  };

  const complete = (group: Group) => {
    pending -= group.held.length;
    const send = (sorted: HeldMessage[]) => {
      sorted.forEach((h, i) => ((h.msg['parts'] as { index: number }).index = i));
      sendHeld(ctx, sorted);
    };
    if (!keyOf) return send(group.held.sort(compare));
    return sortByExpression(group.held, (h) => h.msg).then(send, (err: unknown) => {
      for (const h of group.held) h.release(true);
      throw err;
    });
  };

  const input = (msg: FlowMessage) => {
    const pos = positionOf(msg);
    if (!pos)
      throw new UserError(
        'sort_missing_parts',
        'sequence mode needs msg.parts with id and index (from split or batch)',
      );
    let group = groups.get(pos.id);
    if (!group) groups.set(pos.id, (group = { held: [] }));
    group.held.push(hold(msg));
    pending++;
    if (pos.count !== undefined) group.count = pos.count;
    if (group.held.length === group.count) {
      groups.delete(pos.id);
      return complete(group);
    }
    while (pending > cfg.maxPending && groups.size) dropOldest(msg);
  };

  return {
    input: keyOf ? inArrivalOrder(async (msg) => input(msg)) : (msg) => void input(msg),
    pending: () => pending,
    close() {
      if (pending) ctx.log.warn(`dropped ${pending} message(s) of incomplete sequences on close`);
      for (const g of groups.values()) for (const h of g.held) h.release(true);
      groups.clear();
      pending = 0;
    },
  };
}
