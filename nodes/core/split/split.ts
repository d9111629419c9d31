import type { FlowMessage } from '@millwright/model';
import {
  deleteMsgPath,
  getMsgPath,
  parseMsgPath,
  setMsgPath,
  type NodeContext,
  type NodeHandlers,
} from '@millwright/sdk';
import { unescapeDelimiter, type SplitConfig } from './config.js';
import { isParts, newPartsId, type Parts } from './parts.js';

/** Builds the split node: one message per element, line, key or chunk, each with `msg.parts`. */
export function createSplit(ctx: NodeContext<SplitConfig>): NodeHandlers {
  const cfg = ctx.config;
  const segs = parseMsgPath(cfg.property);
  const keySegs = cfg.keyProperty ? parseMsgPath(cfg.keyProperty) : null;
  const delimiter = unescapeDelimiter(cfg.delimiter);

  return {
    input(msg) {
      const value = getMsgPath(msg, segs);
      const pieces = cut(value);
      if (!pieces) {
        ctx.send(msg); // nothing to split (number, boolean, null...): passes through, as in Node-RED
        return;
      }
      const id = newPartsId();
      const outer = isParts(msg['parts']) ? msg['parts'] : undefined;
      deleteMsgPath(msg, segs);
      delete msg['parts'];
      const count = pieces.values.length;
      const out: FlowMessage[] = new Array<FlowMessage>(count);
      for (let index = 0; index < count; index++) {
        // Every part needs its own copy of the other properties; the last one can take the original.
        const part = ctx.newMessage(index === count - 1 ? msg : structuredClone(msg));
        setMsgPath(part, segs, pieces.values[index]);
        // As Node-RED, `property` is named only when it is not payload (join's default).
        const parts: Parts = {
          id,
          index,
          count,
          type: pieces.type,
          ...(cfg.property !== 'payload' ? { property: cfg.property } : {}),
          ...pieces.extra,
        };
        const key = pieces.keys?.[index];
        if (key !== undefined) {
          parts.key = key;
          if (keySegs) setMsgPath(part, keySegs, key);
        }
        if (outer) parts.parts = outer;
        part['parts'] = parts;
        out[index] = part;
      }
      if (count) ctx.send([out]);
    },
  };

  function cut(
    value: unknown,
  ): { type: Parts['type']; values: unknown[]; keys?: string[]; extra: Partial<Parts> } | undefined {
    if (typeof value === 'string') {
      const n = cfg.stringChunk;
      // Fixed lengths: joined again with no delimiter, as Node-RED does (`ch: ''`).
      if (n > 0)
        return {
          type: 'string',
          values: chunks(value.length, n).map(([a, b]) => value.slice(a, b)),
          extra: { ch: '', len: n },
        };
      return { type: 'string', values: value.split(delimiter), extra: { ch: delimiter } };
    }
    if (Array.isArray(value)) {
      const n = cfg.arrayChunk;
      const values = n === 1 ? value : chunks(value.length, n).map(([a, b]) => value.slice(a, b));
      return { type: 'array', values, extra: { len: n } };
    }
    if (value instanceof Uint8Array) {
      const values = chunks(value.length, cfg.bufferChunk).map(([a, b]) => Buffer.from(value.subarray(a, b)));
      return { type: 'buffer', values, extra: { len: cfg.bufferChunk } };
    }
    if (typeof value === 'object' && value !== null && !ArrayBuffer.isView(value) && !(value instanceof Date)) {
      const entries = Object.entries(value);
      return { type: 'object', values: entries.map(([, v]) => v), keys: entries.map(([k]) => k), extra: {} };
    }
    return undefined;
  }
}

function chunks(length: number, size: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let a = 0; a < length; a += size) out.push([a, Math.min(a + size, length)]);
  return out;
}
