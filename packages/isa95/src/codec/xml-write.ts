/** An attribute in a namespace (kept from a document): written with its prefix, declared as needed. */
export interface XmlNsAttr {
  name: string;
  ns?: string | undefined;
  prefix?: string | undefined;
  value: string;
}

/** An element to write. @internal */
export interface XmlNode {
  name: string;
  /** Plain (no-namespace) attributes. */
  attrs: [string, string][];
  /** Attributes kept from a document, possibly namespaced (`xml:lang`, `xsi:schemaLocation`). */
  nsAttrs?: XmlNsAttr[];
  /** Namespace URI; undefined means the document's B2MML namespace, '' means no namespace. */
  ns?: string;
  /** Preferred prefix (kept elements of other namespaces keep theirs). */
  prefix?: string;
  children: XmlNode[];
  text?: string;
}

const XML_NS = 'http://www.w3.org/XML/1998/namespace';

// XML 1.0 cannot carry these at all, not even escaped.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVALID_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/** Whether `s` can be written in an XML 1.0 document. */
export function isXmlText(s: string): boolean {
  return !INVALID_XML_CHAR.test(s);
}

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
// Attribute values are normalised by parsers, so keep whitespace characters as references.
const escapeAttr = (s: string) =>
  escapeText(s).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');

/**
 * Writes a document with an XML declaration, indented by two spaces (or on one line). `defaultNs`
 * is declared on the root; elements of other namespaces and namespaced attributes get declarations
 * where they are first needed.
 */
export function writeXml(root: XmlNode, options: { pretty?: boolean; defaultNs?: string } = {}): string {
  const pretty = options.pretty ?? true;
  const docNs = options.defaultNs ?? '';
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  let generated = 0;
  const write = (node: XmlNode, depth: number, scope: Scope) => {
    const indent = pretty ? '  '.repeat(depth) : '';
    const inner: Scope = { def: scope.def, prefixes: new Map(scope.prefixes) };
    const decls: [string, string][] = [];
    const ns = node.ns ?? docNs;
    let qname = node.name;
    if (node.prefix && ns !== '') {
      if (inner.prefixes.get(node.prefix) !== ns) {
        inner.prefixes.set(node.prefix, ns);
        decls.push([`xmlns:${node.prefix}`, ns]);
      }
      qname = `${node.prefix}:${node.name}`;
    } else if (inner.def !== ns) {
      inner.def = ns;
      decls.push(['xmlns', ns]);
    }
    const nsAttrs: [string, string][] = [];
    for (const a of node.nsAttrs ?? []) {
      if (a.ns === undefined || a.ns === '') nsAttrs.push([a.name, a.value]);
      else if (a.ns === XML_NS) nsAttrs.push([`xml:${a.name}`, a.value]);
      else {
        let p = a.prefix ?? [...inner.prefixes].find(([, uri]) => uri === a.ns)?.[0];
        if (p === undefined || (p === node.prefix && a.ns !== ns)) p = `ns${++generated}`;
        if (inner.prefixes.get(p) !== a.ns) {
          inner.prefixes.set(p, a.ns);
          decls.push([`xmlns:${p}`, a.ns]);
        }
        nsAttrs.push([`${p}:${a.name}`, a.value]);
      }
    }
    const attrs = [...decls, ...node.attrs, ...nsAttrs].map(([k, v]) => ` ${k}="${escapeAttr(v)}"`).join('');
    if (node.children.length === 0) {
      out.push(
        node.text ? `${indent}<${qname}${attrs}>${escapeText(node.text)}</${qname}>` : `${indent}<${qname}${attrs}/>`,
      );
      return;
    }
    out.push(`${indent}<${qname}${attrs}>`);
    if (node.text) out.push(`${indent}${pretty ? '  ' : ''}${escapeText(node.text)}`);
    for (const c of node.children) write(c, depth + 1, inner);
    out.push(`${indent}</${qname}>`);
  };
  write(root, 0, { def: '', prefixes: new Map() });
  return out.join(pretty ? '\n' : '') + (pretty ? '\n' : '');
}

interface Scope {
  /** The default namespace in scope ('' = none). */
  def: string;
  prefixes: Map<string, string>;
}

/**
 * Formats a number as xsd:decimal: never in exponent form, and exact, so it reads back as the same
 * number (`1e-7` becomes `0.0000001`).
 */
export function formatDecimal(n: number): string {
  const s = String(n);
  const e = s.indexOf('e');
  if (e < 0) return s;
  const neg = s.startsWith('-');
  const mantissa = s.slice(neg ? 1 : 0, e);
  const exp = Number(s.slice(e + 1));
  const dot = mantissa.indexOf('.');
  const digits = mantissa.replace('.', '');
  const point = (dot < 0 ? mantissa.length : dot) + exp;
  let body: string;
  if (point <= 0) body = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) body = digits + '0'.repeat(point - digits.length);
  else body = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return (neg ? '-' : '') + body;
}
