import { UserError } from '@millwright/model';
import type { XmlKeys } from './xml-to-object.js';

const DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
const NAME = /^[A-Za-z_][\w.:-]*$/;

const escapeText = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#xD;');
const escapeAttr = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#x9;')
    .replace(/\n/g, '&#xA;')
    .replace(/\r/g, '&#xD;');

/**
 * Writes an object as XML the way xml2js's Builder does with Node-RED's options: one top-level key
 * names the root element (several are wrapped in `<root>`), `attrKey` holds attributes, `charKey`
 * text, arrays repeat an element. Starts with the standalone XML declaration, no indentation.
 */
export function objectToXml(value: object, keys: XmlKeys): string {
  const top = Array.isArray(value) ? undefined : Object.keys(value);
  const [rootName, rootValue] =
    top?.length === 1 ? [top[0] as string, (value as Record<string, unknown>)[top[0] as string]] : ['root', value];
  return DECLARATION + element(rootName, rootValue, keys, 0);
}

function element(name: string, value: unknown, keys: XmlKeys, depth: number): string {
  if (!NAME.test(name)) throw new UserError('xml_build_failed', `"${name}" is not a valid XML element name`);
  if (depth > 1_000) throw new UserError('xml_build_failed', 'the object nests deeper than 1000 levels');
  let attrs = '';
  let body = '';
  if (value === null || value === undefined) {
    // empty element
  } else if (typeof value !== 'object') {
    body = escapeText(String(value));
  } else if (Array.isArray(value)) {
    // An array as an element's content: each item's keys become children (xml2js does the same).
    for (const item of value)
      if (item && typeof item === 'object')
        for (const [k, v] of Object.entries(item)) body += element(k, v, keys, depth + 1);
  } else {
    for (const [k, v] of Object.entries(value)) {
      if (k === keys.attrKey && v && typeof v === 'object') {
        for (const [a, av] of Object.entries(v)) {
          if (!NAME.test(a)) throw new UserError('xml_build_failed', `"${a}" is not a valid XML attribute name`);
          attrs += ` ${a}="${escapeAttr(String(av))}"`;
        }
      } else if (k === keys.charKey) body += escapeText(String(v));
      else if (Array.isArray(v)) for (const item of v) body += element(k, item, keys, depth + 1);
      else body += element(k, v, keys, depth + 1);
    }
  }
  return body === '' ? `<${name}${attrs}/>` : `<${name}${attrs}>${body}</${name}>`;
}
