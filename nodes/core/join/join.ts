import { OperationalError, UserError, type FlowMessage } from '@millwright/model';
import { getMsgPath, parseMsgPath, setMsgPath, type NodeContext, type NodeHandlers } from '@millwright/sdk';
import { unescapeDelimiter } from '../split/config.js';
import { isParts, type Parts } from '../split/parts.js';
import { assemble, toBytes, toText, type Piece } from './assemble.js';
import type { JoinConfig } from './config.js';
import { createReduce } from './reduce.js';

interface Group {
  parts: Parts;
  pieces: Map<number, Piece>;
  last: FlowMessage;
  timer?: NodeJS.Timeout;
}

/** Builds the join node: auto mode rebuilds split sequences by `msg.parts.id`; manual mode collects. */
export function createJoin(ctx: NodeContext<JoinConfig>): NodeHandlers {
  const cfg = ctx.config;
  if (cfg.mode === 'reduce') return createReduce(ctx);
  const groups = new Map<string, Group>();
  const manual: { values: unknown[]; keys: string[]; last?: FlowMessage; timer?: NodeJS.Timeout } = {
    values: [],
    keys: [],
  };
  const property = parseMsgPath(cfg.property);
  const keyProperty = parseMsgPath(cfg.keyProperty);
  const joiner = unescapeDelimiter(cfg.joiner);
  // Timer callbacks run outside the engine's try/catch: report failures instead of crashing.
  const guarded = (fn: () => void, msg?: FlowMessage) => () => {
    try {
      fn();
    } catch (err) {
      ctx.error(err, msg);
    }
  };

  // ---- auto mode ------------------------------------------------------------------------
  const finishGroup = (id: string, group: Group) => {
    clearTimeout(group.timer);
    groups.delete(id);
    const msg = group.last;
    setMsgPath(msg, group.parts.property ?? 'payload', assemble(group.parts, [...group.pieces.values()]));
    // Restore the sequence this one was nested in (a split of a split), or end it.
    if (group.parts.parts) msg['parts'] = group.parts.parts;
    else delete msg['parts'];
    ctx.send(msg);
  };

  const inputAuto = (msg: FlowMessage) => {
    let parts = msg['parts'];
    // A batch node numbers messages without a type: they join into an array, as in Node-RED.
    if (typeof parts === 'object' && parts !== null && !('type' in parts)) parts = { ...parts, type: 'array' };
    if (!isParts(parts)) {
      ctx.error(new UserError('join_missing_parts', 'auto mode needs msg.parts (as set by a split node)'), msg);
      return;
    }
    let group = groups.get(parts.id);
    if (!group) {
      if (groups.size >= cfg.maxGroups) dropOldest();
      group = { parts, pieces: new Map(), last: msg };
      groups.set(parts.id, group);
      const id = parts.id;
      const g = group;
      if (cfg.timeoutMs > 0)
        g.timer = setTimeout(
          guarded(() => finishGroup(id, g), msg),
          cfg.timeoutMs,
        );
    }
    const value = getMsgPath(msg, parts.property ?? 'payload');
    group.pieces.set(parts.index, {
      index: parts.index,
      value,
      ...(parts.key !== undefined ? { key: parts.key } : {}),
    });
    group.last = msg;
    if (group.pieces.size >= parts.count) finishGroup(parts.id, group);
  };

  const dropOldest = () => {
    const first = groups.entries().next();
    if (first.done) return;
    const [id, group] = first.value;
    clearTimeout(group.timer);
    groups.delete(id);
    ctx.error(
      new OperationalError(
        'join_too_many_groups',
        `dropped incomplete sequence ${id} (${group.pieces.size} of ${group.parts.count} parts) to stay within maxGroups (${cfg.maxGroups})`,
      ),
      group.last,
    );
  };

  // ---- manual mode ----------------------------------------------------------------------
  const flushManual = () => {
    clearTimeout(manual.timer);
    manual.timer = undefined;
    const msg = manual.last;
    const { values, keys } = manual;
    manual.values = [];
    manual.keys = [];
    manual.last = undefined;
    if (!msg || values.length === 0) return;
    setMsgPath(msg, property, buildManual(values, keys));
    delete msg['complete'];
    ctx.send(msg);
  };

  const buildManual = (values: unknown[], keys: string[]): unknown => {
    switch (cfg.build) {
      case 'string':
        return values.map(toText).join(joiner);
      case 'buffer':
        return Buffer.concat(values.map(toBytes));
      case 'object': {
        const out: Record<string, unknown> = {};
        values.forEach((v, i) => (out[keys[i] ?? String(i)] = v));
        return out;
      }
      case 'merged':
        return Object.assign({}, ...(values as object[]));
      default:
        return values;
    }
  };

  const inputManual = (msg: FlowMessage) => {
    const value = getMsgPath(msg, property);
    const complete = msg['complete'] !== undefined;
    if (value !== undefined || !complete) {
      if (cfg.build === 'object') {
        const key = getMsgPath(msg, keyProperty);
        if (key === undefined || key === null || key === '') {
          ctx.error(new UserError('join_missing_key', `object join needs a key in "${cfg.keyProperty}"`), msg);
          return;
        }
        manual.keys.push(String(key));
      }
      if (cfg.build === 'merged' && !isPlainObject(value)) {
        // As Node-RED: not merged; a msg.complete still sends what was collected.
        if (!complete) {
          ctx.error(new UserError('join_not_object', `a merged join needs objects in "${cfg.property}"`), msg);
          return;
        }
      } else manual.values.push(value);
    }
    manual.last = msg;
    if (manual.values.length === 1 && cfg.timeoutMs > 0 && !manual.timer)
      manual.timer = setTimeout(guarded(flushManual, msg), cfg.timeoutMs);
    // Without a count, a message from a sequence (split, html, csv) says how many make the group.
    const parts = msg['parts'] as { count?: unknown } | undefined;
    const target = cfg.count > 0 ? cfg.count : Number.isInteger(parts?.count) ? (parts?.count as number) : 0;
    // A merged object is complete when it has `count` keys (Node-RED), other builds by messages.
    const size =
      cfg.build === 'merged' ? Object.keys(buildManual(manual.values, []) as object).length : manual.values.length;
    if (complete || (target > 0 && size >= target)) flushManual();
  };

  return {
    input: cfg.mode === 'auto' ? inputAuto : inputManual,
    close() {
      let waiting = manual.values.length;
      clearTimeout(manual.timer);
      for (const g of groups.values()) {
        clearTimeout(g.timer);
        waiting += g.pieces.size;
      }
      groups.clear();
      if (waiting) ctx.log.warn(`dropped ${waiting} collected message(s) of incomplete groups on close`);
    },
  };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v) && !(v instanceof Date);
}
