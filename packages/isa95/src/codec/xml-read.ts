import { issue, type ValidationIssue } from '@millwright/model';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** An attribute with its namespace resolved (namespace declarations are not attributes here). @internal */
export interface XmlAttr {
  /** Local name. */
  name: string;
  /** Namespace URI; undefined for the usual unprefixed attributes. */
  ns: string | undefined;
  prefix: string | undefined;
  value: string;
}

/** An element with its namespace resolved, its attributes and trimmed text. @internal */
export interface XmlElement {
  /** Local name (prefix removed). */
  name: string;
  /** Namespace URI, or undefined when the element has none. */
  ns: string | undefined;
  /** The prefix it was written with, kept so that kept XML is written back the same way. */
  prefix: string | undefined;
  /** Every attribute (xml:lang, xsi:schemaLocation and vendor ones included), in document order. */
  attrs: XmlAttr[];
  children: XmlElement[];
  text: string;
}

/** Limits for untrusted input. */
export interface ReadLimits {
  /** Longest document accepted, in characters. */
  maxLength: number;
  /** Deepest element nesting accepted. */
  maxDepth: number;
}

export const DEFAULT_LIMITS: ReadLimits = { maxLength: 10_000_000, maxDepth: 100 };

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const ATTR = '@_';
const CDATA = '#cdata';

// Entities are decoded here, not by the parser: that way a DTD can never define one (no billion
// laughs), numeric references work, and CDATA is never decoded twice.
const parser = (maxDepth: number) =>
  new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: ATTR,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    processEntities: false,
    htmlEntities: false,
    cdataPropName: CDATA,
    maxNestedTags: maxDepth,
  });

/**
 * Parses untrusted XML into elements with resolved namespaces. DOCTYPE (and with it every entity
 * definition) is refused outright: B2MML never needs one, and it is how XML bombs get in.
 */
export function readXml(
  xml: string,
  limits: ReadLimits = DEFAULT_LIMITS,
): { ok: true; root: XmlElement } | { ok: false; issues: ValidationIssue[] } {
  const fail = (code: string, message: string) => ({ ok: false as const, issues: [issue([], code, message)] });
  if (xml.length > limits.maxLength)
    return fail('too_large', `document is ${xml.length} characters, the limit is ${limits.maxLength}`);
  const doctype = /<!DOCTYPE|<!ENTITY/i.exec(xml);
  if (doctype) {
    const { line, col } = position(xml, doctype.index);
    return fail('dtd_not_allowed', `line ${line}, column ${col}: DOCTYPE and ENTITY declarations are not allowed`);
  }
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    return fail('malformed_xml', `line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}`);
  }
  let tree: unknown;
  try {
    tree = parser(limits.maxDepth).parse(xml);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/nested tags/i.test(message)) return fail('too_deep', `elements nest deeper than ${limits.maxDepth} levels`);
    return fail('malformed_xml', message);
  }
  const badEntities: string[] = [];
  const roots = Array.isArray(tree) ? toElements(tree, new Map(), badEntities) : [];
  if (badEntities.length > 0) return fail('malformed_xml', `undeclared entity ${badEntities[0]}`);
  const root = roots[0];
  if (!root) return fail('malformed_xml', 'no root element');
  return { ok: true, root };
}

function toElements(entries: unknown[], scope: Map<string, string>, badEntities: string[]): XmlElement[] {
  const out: XmlElement[] = [];
  for (const entry of entries) {
    if (!isRecord(entry)) continue;
    for (const [tag, content] of Object.entries(entry)) {
      if (tag === ':@' || tag === '#text' || tag === CDATA) continue;
      out.push(toElement(tag, content, entry[':@'], scope, badEntities));
    }
  }
  return out;
}

function toElement(
  tag: string,
  content: unknown,
  rawAttrs: unknown,
  parentScope: Map<string, string>,
  badEntities: string[],
): XmlElement {
  const scope = new Map(parentScope);
  const attrs: [string, string][] = [];
  if (isRecord(rawAttrs)) {
    for (const [key, raw] of Object.entries(rawAttrs)) {
      const name = key.startsWith(ATTR) ? key.slice(ATTR.length) : key;
      const v = decodeEntities(String(raw), badEntities);
      if (name === 'xmlns') scope.set('', v);
      else if (name.startsWith('xmlns:')) scope.set(name.slice(6), v);
      else attrs.push([name, v]);
    }
  }
  // Unprefixed attributes have no namespace (not even the default one); `xml:` is predeclared.
  const attrList: XmlAttr[] = attrs.map(([name, value]) => {
    const [prefix, local] = splitName(name);
    const ns = prefix === undefined ? undefined : prefix === 'xml' ? XML_NS : scope.get(prefix);
    return { name: local, ns, prefix, value };
  });
  const [prefix, local] = splitName(tag);
  const children = Array.isArray(content) ? content : [];
  let text = '';
  for (const c of children) {
    if (!isRecord(c)) continue;
    if (typeof c['#text'] === 'string' || typeof c['#text'] === 'number')
      text += decodeEntities(String(c['#text']), badEntities);
    const cdata = c[CDATA];
    if (Array.isArray(cdata)) for (const t of cdata) if (isRecord(t) && '#text' in t) text += String(t['#text']);
  }
  return {
    name: local,
    ns: scope.get(prefix ?? ''),
    prefix,
    attrs: attrList,
    children: toElements(children, scope, badEntities),
    text: text.trim(),
  };
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(s: string, bad: string[]): string {
  if (!s.includes('&')) return s;
  return s.replace(/&([^;&\s]*);?/g, (whole, ref: string) => {
    const named = ENTITIES[ref];
    if (named !== undefined && whole.endsWith(';')) return named;
    const num = /^#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}))$/.exec(ref);
    const cp = num ? (num[1] !== undefined ? parseInt(num[1], 16) : Number(num[2])) : NaN;
    if (whole.endsWith(';') && cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff))
      return String.fromCodePoint(cp);
    bad.push(whole);
    return whole;
  });
}

function splitName(name: string): [string | undefined, string] {
  const i = name.indexOf(':');
  return i < 0 ? [undefined, name] : [name.slice(0, i), name.slice(i + 1)];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function position(text: string, index: number): { line: number; col: number } {
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  return { line, col: index - before.lastIndexOf('\n') };
}
