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

const HTML_OUTPUTS: Record<string, string> = { html: 'html', text: 'text', attr: 'attributes', compl: 'element' };

/** Node-RED `html`: CSS selector (or msg.select), inner HTML / text / attributes, array or sequence. */
export const html: NodeConverter = {
  kind: 'node',
  convert(n) {
    const ret = text(n['ret']) || 'html';
    const output = HTML_OUTPUTS[ret];
    if (!output) return { unsupported: `html output "${ret}"` };
    const property = msgProperty(n['property']);
    return {
      type: 'html',
      config: {
        property,
        outProperty: msgProperty(n['outproperty'], property),
        selector: text(n['tag']).trim(),
        output,
        contentKey: text(n['chr']).trim() || '_',
        multiple: text(n['as']) === 'multi',
      },
    };
  },
};
