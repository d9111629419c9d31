import { UserError } from '@millwright/model';
import { getMsgPath, parseMsgPath, setMsgPath, type NodeContext, type NodeHandlers } from '@millwright/sdk';
import { parse, stringify } from 'yaml';
import { describeValue, isSerialisable, textOf } from '../parser-input.js';
import type { YamlConfig } from './config.js';

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Builds the yaml node: a string (or bytes) is parsed, an object or array is written as YAML. */
export function createYaml(ctx: NodeContext<YamlConfig>): NodeHandlers {
  const { property, maxAliases } = ctx.config;
  const segs = parseMsgPath(property);
  return {
    input(msg) {
      const value = getMsgPath(msg, segs);
      if (value === undefined) return ctx.send(msg);
      const text = textOf(value);
      if (text !== undefined) {
        let parsed: unknown;
        try {
          // YAML 1.2 core schema: `yes`/`no` stay strings, as with js-yaml's load in Node-RED.
          parsed = parse(text, { maxAliasCount: maxAliases });
        } catch (err) {
          throw new UserError('yaml_parse_failed', `"${property}" is not valid YAML: ${message(err)}`);
        }
        setMsgPath(msg, segs, parsed);
        return ctx.send(msg);
      }
      if (!isSerialisable(value))
        throw new UserError(
          'yaml_unsupported_input',
          `"${property}" is ${describeValue(value)}; the yaml node converts strings, bytes, objects and arrays`,
        );
      let out: string;
      try {
        out = stringify(value);
      } catch (err) {
        throw new UserError('yaml_stringify_failed', `"${property}" cannot be written as YAML: ${message(err)}`);
      }
      setMsgPath(msg, segs, out);
      ctx.send(msg);
    },
  };
}
