/** An element to write. @internal */
export interface XmlNode {
  name: string;
  attrs: [string, string][];
  children: XmlNode[];
  text?: string;
}

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

/** Writes a document with an XML declaration, indented by two spaces (or on one line). */
export function writeXml(root: XmlNode, options: { pretty?: boolean } = {}): string {
  const pretty = options.pretty ?? true;
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const write = (node: XmlNode, depth: number) => {
    const indent = pretty ? '  '.repeat(depth) : '';
    const attrs = node.attrs.map(([k, v]) => ` ${k}="${escapeAttr(v)}"`).join('');
    if (node.children.length === 0) {
      out.push(
        node.text
          ? `${indent}<${node.name}${attrs}>${escapeText(node.text)}</${node.name}>`
          : `${indent}<${node.name}${attrs}/>`,
      );
      return;
    }
    out.push(`${indent}<${node.name}${attrs}>`);
    for (const c of node.children) write(c, depth + 1);
    out.push(`${indent}</${node.name}>`);
  };
  write(root, 0);
  return out.join(pretty ? '\n' : '') + (pretty ? '\n' : '');
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
