import { UserError } from '@millwright/model';
import { getMsgPath, parseMsgPath, setMsgPath, type NodeContext, type NodeHandlers } from '@millwright/sdk';
import { describeValue, textOf } from '../parser-input.js';
import type { JsonConfig } from './config.js';

/** Builds the json node: text becomes a value, a value becomes text, per `action`. */
export function createJson(ctx: NodeContext<JsonConfig>): NodeHandlers {
  const { action, property, pretty } = ctx.config;
  const segs = parseMsgPath(property);
  return {
    input(msg) {
      // Node-RED validates against msg.schema; passing such a message unchecked would hide bad data.
      if (msg['schema'] !== undefined)
        throw new UserError(
          'json_schema_unsupported',
          'JSON schema validation (msg.schema) is not supported; validate in a function node, or remove msg.schema',
        );
      const value = getMsgPath(msg, segs);
      // No property: passed on untouched, as in Node-RED.
      if (value === undefined) return ctx.send(msg);
      const text = textOf(value);
      if (text !== undefined) {
        if (action !== 'stringify') setMsgPath(msg, segs, parse(text));
        return ctx.send(msg);
      }
      if (action !== 'parse') setMsgPath(msg, segs, stringify(value));
      ctx.send(msg);
    },
  };

  function parse(text: string): unknown {
    try {
      return JSON.parse(text);
    } catch (err) {
      throw new UserError(
        'json_parse_failed',
        `"${property}" is not valid JSON: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }

  function stringify(value: unknown): string {
    let out: string | undefined;
    try {
      out = JSON.stringify(value, null, pretty ? 4 : 0);
    } catch (err) {
      throw new UserError(
        'json_stringify_failed',
        `"${property}" cannot be written as JSON: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    if (out === undefined)
      throw new UserError('json_stringify_failed', `"${property}" is ${describeValue(value)}, which has no JSON form`);
    return out;
  }
}
