import type { NodeConverter } from '../types.js';
import { bool, msgProperty, text } from '../values.js';

const JSON_ACTIONS: Record<string, string> = { '': 'auto', str: 'stringify', obj: 'parse' };

/** Node-RED `json`: parse or stringify a property. JSON schema validation (`msg.schema`) is not carried over. */
export const json: NodeConverter = {
  kind: 'node',
  convert(n) {
    return {
      type: 'json',
      config: {
        action: JSON_ACTIONS[text(n['action'])] ?? 'auto',
        property: msgProperty(n['property']),
        pretty: bool(n['pretty']),
      },
    };
  },
};

/** Node-RED `xml`: XML text <-> object with xml2js's shape; `msg.options` is not read. */
export const xml: NodeConverter = {
  kind: 'node',
  convert(n) {
    return {
      type: 'xml',
      config: {
        property: msgProperty(n['property']),
        attrKey: text(n['attr']).trim() || '$',
        charKey: text(n['chr']).trim() || '_',
      },
    };
  },
};

/** Node-RED `yaml`: YAML text <-> value. */
export const yaml: NodeConverter = {
  kind: 'node',
  convert(n) {
    return { type: 'yaml', config: { property: msgProperty(n['property']) } };
  },
};
