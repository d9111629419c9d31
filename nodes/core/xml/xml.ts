import { UserError } from '@millwright/model';
import { getMsgPath, parseMsgPath, setMsgPath, type NodeContext, type NodeHandlers } from '@millwright/sdk';
import { describeValue, isSerialisable, textOf } from '../parser-input.js';
import type { XmlConfig } from './config.js';
import { objectToXml } from './object-to-xml.js';
import { xmlToObject } from './xml-to-object.js';

/** Builds the xml node: a string (or bytes) is parsed, an object is written as XML. */
export function createXml(ctx: NodeContext<XmlConfig>): NodeHandlers {
  const cfg = ctx.config;
  const segs = parseMsgPath(cfg.property);
  const keys = { attrKey: cfg.attrKey, charKey: cfg.charKey };
  return {
    input(msg) {
      const value = getMsgPath(msg, segs);
      if (value === undefined) return ctx.send(msg);
      const text = textOf(value);
      if (text !== undefined) {
        // Node-RED passes msg.options to xml2js; explicitArray is the one option read here.
        const options = msg['options'];
        const explicit =
          typeof options === 'object' && options !== null && 'explicitArray' in options
            ? options.explicitArray !== false
            : cfg.explicitArray;
        setMsgPath(msg, segs, xmlToObject(text, { ...keys, explicitArray: explicit }, cfg));
      } else if (isSerialisable(value)) setMsgPath(msg, segs, objectToXml(value, keys));
      else
        throw new UserError(
          'xml_unsupported_input',
          `"${cfg.property}" is ${describeValue(value)}; the xml node converts strings, bytes and objects`,
        );
      ctx.send(msg);
    },
  };
}
