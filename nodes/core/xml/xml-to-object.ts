import { UserError } from '@millwright/model';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** Where an object puts attributes and text (xml2js's `attrkey` and `charkey`). */
export interface XmlKeys {
  attrKey: string;
  charKey: string;
  /** Parsing: child elements always in arrays (xml2js's default), or only when an element repeats. */
  explicitArray?: boolean;
}

const ATTRS = ':@';
const TEXT = '#text';
const CDATA = '#cdata';

// Entities are decoded here, not by the parser, so a document can never define one (no billion
// laughs); DOCTYPE is refused before parsing anyway. Same approach as the B2MML codec in isa95.
const parserFor = (maxDepth: number) =>
  new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    processEntities: false,
    htmlEntities: false,
    cdataPropName: CDATA,
    commentPropName: false,
    maxNestedTags: maxDepth + 1, // a backstop; convert() counts exactly
  });

type OrderedNode = Record<string, unknown>;

/**
 * Parses XML into the object shape of xml2js with Node-RED's defaults: `{ root: {...} }`, attributes
 * under `attrKey`, child elements always in arrays, text-only elements as strings, text beside
 * attributes or children under `charKey`, whitespace-only text between elements dropped, all
 * values strings.
 */
export function xmlToObject(xml: string, keys: XmlKeys, limits: { maxLength: number; maxDepth: number }): unknown {
  if (xml.length > limits.maxLength)
    throw new UserError('xml_too_large', `XML is ${xml.length} characters, more than maxLength (${limits.maxLength})`);
  if (/<!DOCTYPE|<!ENTITY/i.test(xml))
    throw new UserError('xml_doctype_not_allowed', 'DOCTYPE and ENTITY declarations are not allowed');
  const valid = XMLValidator.validate(xml);
  if (valid !== true)
    throw new UserError(
      'xml_parse_failed',
      `invalid XML at line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}`,
    );
  let tree: unknown;
  try {
    tree = parserFor(limits.maxDepth).parse(xml);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/nested tags/i.test(message))
      throw new UserError('xml_too_deep', `elements nest deeper than maxDepth (${limits.maxDepth})`);
    throw new UserError('xml_parse_failed', `invalid XML: ${message}`);
  }
  const root = (Array.isArray(tree) ? (tree as OrderedNode[]) : []).find((n) => elementName(n) !== undefined);
  const name = root && elementName(root);
  if (!root || name === undefined) throw new UserError('xml_parse_failed', 'invalid XML: no root element');
  return { [name]: convert(root, name, keys, 1, limits.maxDepth) };
}

function elementName(node: OrderedNode): string | undefined {
  return Object.keys(node).find((k) => k !== ATTRS && k !== TEXT && k !== CDATA);
}

function convert(node: OrderedNode, name: string, keys: XmlKeys, depth: number, maxDepth: number): unknown {
  if (depth > maxDepth) throw new UserError('xml_too_deep', `elements nest deeper than maxDepth (${maxDepth})`);
  const obj: Record<string, unknown> = {};
  const attrs = node[ATTRS] as Record<string, string> | undefined;
  if (attrs && Object.keys(attrs).length) {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(attrs)) setOwn(out, k, decodeEntities(v));
    setOwn(obj, keys.attrKey, out);
  }
  let text = '';
  let cdata = false;
  for (const child of (node[name] as OrderedNode[] | undefined) ?? []) {
    if (TEXT in child) text += decodeEntities(String(child[TEXT]));
    else if (CDATA in child) {
      cdata = true;
      text += ((child[CDATA] as OrderedNode[] | undefined) ?? []).map((t) => String(t[TEXT] ?? '')).join('');
    } else {
      const childName = elementName(child);
      if (childName === undefined) continue;
      if (!Object.hasOwn(obj, childName)) setOwn(obj, childName, []);
      const list = obj[childName];
      // An element called like the attribute or text key would clash; xml2js has the same limit.
      if (Array.isArray(list)) list.push(convert(child, childName, keys, depth + 1, maxDepth));
    }
  }
  if (keys.explicitArray === false)
    for (const [k, v] of Object.entries(obj)) if (Array.isArray(v) && v.length === 1) obj[k] = v[0];
  if (cdata || text.trim() !== '') setOwn(obj, keys.charKey, text);
  const fields = Object.keys(obj);
  if (fields.length === 0) return text; // empty element: '' (or the whitespace it held), as xml2js
  if (fields.length === 1 && fields[0] === keys.charKey) return obj[keys.charKey];
  return obj;
}

/** Sets an own property, also for names such as `__proto__` (an element may be called that). */
function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z][\w.-]*);/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (code > 0x10ffff) throw new UserError('xml_parse_failed', `invalid XML: bad character reference ${whole}`);
      return String.fromCodePoint(code);
    }
    const named = NAMED[ref];
    if (named === undefined) throw new UserError('xml_parse_failed', `invalid XML: undeclared entity ${whole}`);
    return named;
  });
}
