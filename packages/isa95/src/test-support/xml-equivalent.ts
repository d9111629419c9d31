import { XMLParser } from 'fast-xml-parser';

/**
 * A canonical form for comparing two XML documents as data, independent of the codec's own reader:
 * element and attribute names are expanded to `{namespace}local` (prefixes and where namespaces are
 * declared do not matter), attributes are sorted, namespace declarations are not attributes,
 * whitespace-only text between elements and comments are dropped, other text is trimmed. Element
 * order is kept: in B2MML it is meaningful (xs:sequence).
 */
export interface CanonicalElement {
  name: string;
  attrs: [string, string][];
  text: string;
  children: CanonicalElement[];
}

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: true,
  commentPropName: '#comment',
});

export function canonical(xml: string): CanonicalElement {
  const tree = parser.parse(xml) as unknown[];
  const roots = elements(tree, new Map());
  if (!roots[0]) throw new Error('no root element');
  return roots[0];
}

function elements(entries: unknown[], scope: Map<string, string>): CanonicalElement[] {
  const out: CanonicalElement[] = [];
  for (const entry of entries) {
    if (typeof entry !== 'object' || entry === null) continue;
    const rec = entry as Record<string, unknown>;
    for (const [tag, content] of Object.entries(rec)) {
      if (tag === ':@' || tag === '#text' || tag === '#comment') continue;
      const inner = new Map(scope);
      const rawAttrs = (rec[':@'] ?? {}) as Record<string, string>;
      for (const [k, v] of Object.entries(rawAttrs)) {
        if (k === 'xmlns') inner.set('', v);
        else if (k.startsWith('xmlns:')) inner.set(k.slice(6), v);
      }
      const expand = (qname: string, isAttr: boolean) => {
        const i = qname.indexOf(':');
        if (i < 0) return isAttr ? qname : `{${inner.get('') ?? ''}}${qname}`;
        const prefix = qname.slice(0, i);
        const ns = prefix === 'xml' ? XML_NS : inner.get(prefix);
        if (ns === undefined) throw new Error(`undeclared prefix ${prefix}`);
        return `{${ns}}${qname.slice(i + 1)}`;
      };
      const attrs = Object.entries(rawAttrs)
        .filter(([k]) => k !== 'xmlns' && !k.startsWith('xmlns:'))
        .map(([k, v]): [string, string] => [expand(k, true), v])
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      const kids = Array.isArray(content) ? (content as unknown[]) : [];
      let text = '';
      for (const k of kids) {
        const t = (k as Record<string, unknown>)['#text'];
        if (typeof t === 'string' || typeof t === 'number') text += String(t);
      }
      out.push({ name: expand(tag, false), attrs, text: text.trim(), children: elements(kids, inner) });
    }
  }
  return out;
}

/** What a comparison looked at, and the first differences (paths with element indexes). */
export interface Comparison {
  elements: number;
  attributes: number;
  differences: string[];
}

/** Compares two documents in canonical form; counts the elements and attributes of `expected`. */
export function compareXml(expected: string, actual: string): Comparison {
  const result: Comparison = { elements: 0, attributes: 0, differences: [] };
  walk(canonical(expected), canonical(actual), '', result);
  return result;
}

const short = (name: string) => name.replace(/^\{[^}]*\}/, '');

function walk(a: CanonicalElement, b: CanonicalElement | undefined, at: string, r: Comparison): void {
  const here = `${at}/${short(a.name)}`;
  r.elements++;
  r.attributes += a.attrs.length;
  const diff = (what: string) => {
    if (r.differences.length < 20) r.differences.push(`${here}: ${what}`);
  };
  if (!b) return diff('missing');
  if (a.name !== b.name) return diff(`element ${a.name} became ${b.name}`);
  if (JSON.stringify(a.attrs) !== JSON.stringify(b.attrs))
    diff(`attributes ${JSON.stringify(a.attrs)} became ${JSON.stringify(b.attrs)}`);
  if (a.text !== b.text) diff(`text "${a.text}" became "${b.text}"`);
  a.children.forEach((c, i) => walk(c, b.children[i], here, r));
  for (const extra of b.children.slice(a.children.length)) diff(`unexpected <${short(extra.name)}>`);
}
