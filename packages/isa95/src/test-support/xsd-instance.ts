import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';

/**
 * Writes B2MML documents straight from MESA's XSDs with every optional element and attribute filled,
 * so round-trip tests cover what the schema allows rather than what the model happens to know.
 * Rules: the first time a type occurs, every optional element and attribute of it is filled (repeatable
 * text elements twice, to exercise indexes); later occurrences hold what the type requires, so each
 * optional part is covered once without the document growing to megabytes;
 * a type may nest in itself once (`*Child`); an `xs:choice` takes its first branch; values are the
 * first enumeration value or a valid sample of the base type, decimals with trailing zeros ("1.000").
 * Test support only.
 */

type Node = Record<string, unknown>;
interface Schema {
  ns: string;
  complex: Map<string, Node[]>;
  simple: Map<string, Node[]>;
  groups: Map<string, Node[]>;
  elements: Map<string, Node>;
  attributeGroups: Map<string, Node[]>;
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  ignoreDeclaration: true,
  commentPropName: '#comment',
});

const cache = new Map<string, Schema>();
/** Types whose optional attributes were written already, in the document being generated. */
let attributesDone = new Set<string>();

/** Loads every XSD of a folder (one B2MML release). */
export function loadSchema(dir: string): Schema {
  const hit = cache.get(dir);
  if (hit) return hit;
  const schema: Schema = {
    ns: '',
    complex: new Map(),
    simple: new Map(),
    groups: new Map(),
    elements: new Map(),
    attributeGroups: new Map(),
  };
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.xsd'))) {
    const tree = parser.parse(readFileSync(join(dir, file), 'utf8')) as Node[];
    for (const top of tree) {
      const kids = top['schema'];
      if (!Array.isArray(kids)) continue;
      const target = attrs(top)['targetNamespace'] ?? '';
      const isMain = !/Extensions/.test(target);
      if (isMain) schema.ns = target;
      for (const k of kids as Node[]) {
        const [tag] = tagOf(k);
        const name = attrs(k)['name'];
        if (!name || !isMain) {
          // Extension groups (other namespace) are empty in MESA's files; keep them findable anyway.
          if (tag === 'group' && name) schema.groups.set(name, children(k));
          continue;
        }
        if (tag === 'complexType') schema.complex.set(name, children(k));
        else if (tag === 'simpleType') schema.simple.set(name, children(k));
        else if (tag === 'group') schema.groups.set(name, children(k));
        else if (tag === 'element') schema.elements.set(name, k);
        else if (tag === 'attributeGroup') schema.attributeGroups.set(name, children(k));
      }
    }
  }
  cache.set(dir, schema);
  return schema;
}

const tags = new WeakMap<Node, [string, unknown]>();
function tagOf(n: Node): [string, unknown] {
  let hit = tags.get(n);
  if (!hit) {
    const e = Object.entries(n).find(([k]) => k !== ':@' && k !== '#comment' && k !== '#text');
    hit = e ? [e[0], e[1]] : ['', undefined];
    tags.set(n, hit);
  }
  return hit;
}
const attrs = (n: Node): Record<string, string> => (n[':@'] ?? {}) as Record<string, string>;
const children = (n: Node): Node[] => {
  const [, c] = tagOf(n);
  return Array.isArray(c) ? (c as Node[]) : [];
};
const local = (qname: string) => qname.slice(qname.indexOf(':') + 1);
const isXsd = (qname: string) => qname.startsWith('xsd:') || qname.startsWith('xs:');

interface Out {
  name: string;
  attrs: [string, string][];
  text?: string;
  children: Out[];
}

/** A maximal instance of the global element `root`, as XML text in the release's namespace. */
export function maximalDocument(dir: string, root: string): string {
  const schema = loadSchema(dir);
  const el = schema.elements.get(root);
  if (!el) throw new Error(`no global element ${root}`);
  attributesDone = new Set();
  const tree = element(schema, root, attrs(el)['type'] ?? '', []);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  const write = (o: Out, depth: number, top: boolean) => {
    const pad = '  '.repeat(depth);
    const a = [...(top ? [['xmlns', schema.ns] as [string, string]] : []), ...o.attrs]
      .map(([k, v]) => ` ${k}="${esc(v)}"`)
      .join('');
    if (o.children.length === 0) lines.push(`${pad}<${o.name}${a}>${esc(o.text ?? '')}</${o.name}>`);
    else {
      lines.push(`${pad}<${o.name}${a}>`);
      for (const c of o.children) write(c, depth + 1, false);
      lines.push(`${pad}</${o.name}>`);
    }
  };
  write(tree, 0, true);
  return lines.join('\n') + '\n';
}

function element(schema: Schema, name: string, type: string, stack: string[]): Out {
  const out: Out = { name, attrs: [], children: [] };
  if (!type || isXsd(type)) {
    out.text = sample(schema, name, local(type || 'xsd:string'), []);
    return out;
  }
  const t = local(type);
  const complex = schema.complex.get(t);
  if (!complex) {
    out.text = sample(schema, name, t, []);
    return out;
  }
  const optional = !attributesDone.has(t);
  attributesDone.add(t);
  fillComplex(schema, name, complex, out, [...stack, t], optional);
  return out;
}

function fillComplex(schema: Schema, name: string, content: Node[], out: Out, stack: string[], optional = true): void {
  for (const c of content) {
    const [tag] = tagOf(c);
    const a = attrs(c);
    if (tag === 'sequence' || tag === 'choice') particles(schema, children(c), tag === 'choice', out, stack, optional);
    else if (tag === 'group') groupRef(schema, a, out, stack);
    else if (tag === 'attribute') attribute(schema, a, out, optional);
    else if (tag === 'attributeGroup') {
      for (const g of schema.attributeGroups.get(local(a['ref'] ?? '')) ?? [])
        if (tagOf(g)[0] === 'attribute') attribute(schema, attrs(g), out, optional);
    } else if (tag === 'simpleContent' || tag === 'complexContent') {
      for (const d of children(c)) {
        const [dtag] = tagOf(d);
        if (dtag !== 'extension' && dtag !== 'restriction') continue;
        const base = attrs(d)['base'] ?? 'xsd:string';
        const baseComplex = isXsd(base) ? undefined : schema.complex.get(local(base));
        if (baseComplex) fillComplex(schema, name, baseComplex, out, stack, optional);
        else if (tag === 'simpleContent') out.text = sample(schema, name, local(base), children(d));
        if (tag === 'simpleContent' && dtag === 'restriction') {
          const enums = children(d).filter((e) => tagOf(e)[0] === 'enumeration');
          if (enums[0]) out.text = attrs(enums[0])['value'] ?? '';
        }
        fillComplex(schema, name, children(d), out, stack, optional);
      }
    }
  }
}

function groupRef(schema: Schema, a: Record<string, string>, out: Out, stack: string[]): void {
  const g = schema.groups.get(local(a['ref'] ?? ''));
  if (g) fillComplex(schema, '', g, out, stack);
}

function particles(schema: Schema, items: Node[], choice: boolean, out: Out, stack: string[], optional: boolean): void {
  for (const p of items) {
    const [tag] = tagOf(p);
    const a = attrs(p);
    if (!optional && a['minOccurs'] === '0' && !choice) continue;
    if (tag === 'element') {
      const name = a['name'] ?? local(a['ref'] ?? '');
      const type = a['type'] ?? attrs(schema.elements.get(name) ?? {})['type'] ?? '';
      const t = local(type);
      // A type nests in itself once (the *Child elements); deeper would never end.
      if (stack.filter((s) => s === t).length >= 2) {
        if (a['minOccurs'] !== '0') throw new Error(`required recursion at ${stack.join('/')}/${name}`);
        continue;
      }
      const anonymous = type === '' ? children(p).find((c) => tagOf(c)[0] === 'complexType') : undefined;
      if (anonymous) {
        const o: Out = { name, attrs: [], children: [] };
        fillComplex(schema, name, children(anonymous), o, stack);
        out.children.push(o);
        if (choice) return;
        continue;
      }
      const max = a['maxOccurs'] === 'unbounded' ? Infinity : Number(a['maxOccurs'] ?? '1');
      const simple = isXsd(type) || !schema.complex.has(t) || isSimpleContent(schema, t);
      const copies = max > 1 && simple ? 2 : 1;
      for (let i = 0; i < copies; i++) out.children.push(element(schema, name, type, stack));
    } else if (tag === 'sequence' || tag === 'choice')
      particles(schema, children(p), tag === 'choice', out, stack, optional);
    else if (tag === 'group') groupRef(schema, a, out, stack);
    if (choice && tag !== '#comment' && tag !== '') return;
  }
}

function isSimpleContent(schema: Schema, t: string): boolean {
  return (schema.complex.get(t) ?? []).some((c) => tagOf(c)[0] === 'simpleContent');
}

function attribute(schema: Schema, a: Record<string, string>, out: Out, optional: boolean): void {
  if (a['use'] === 'prohibited' || !a['name'] || (a['use'] !== 'required' && !optional)) return;
  out.attrs.push([a['name'], sample(schema, a['name'], local(a['type'] ?? 'xsd:string'), [])]);
}

/** A valid value of a simple type; `name` picks nicer samples for some B2MML elements. */
function sample(schema: Schema, name: string, type: string, facets: Node[]): string {
  const enums = facets.filter((e) => tagOf(e)[0] === 'enumeration');
  if (enums[0]) return attrs(enums[0])['value'] ?? '';
  if (name === 'QuantityString' || name === 'Priority') return '1.000';
  const simple = schema.simple.get(type);
  if (simple) {
    for (const s of simple) {
      const [tag] = tagOf(s);
      const a = attrs(s);
      if (tag === 'restriction') return sample(schema, name, local(a['base'] ?? 'string'), children(s));
      if (tag === 'union')
        return sample(schema, name, local((a['memberTypes'] ?? 'string').split(/\s+/)[0] ?? 'string'), []);
      if (tag === 'list') return sample(schema, name, local(a['itemType'] ?? 'string'), []);
    }
  }
  const complex = schema.complex.get(type);
  if (complex) {
    const out: Out = { name, attrs: [], children: [] };
    fillComplex(schema, name, complex, out, []);
    return out.text ?? 'T';
  }
  switch (type) {
    case 'decimal':
    case 'float':
    case 'double':
      return '1.000';
    case 'integer':
    case 'int':
    case 'long':
    case 'short':
    case 'byte':
    case 'positiveInteger':
    case 'nonNegativeInteger':
    case 'unsignedInt':
    case 'unsignedLong':
    case 'unsignedShort':
    case 'unsignedByte':
      return '1';
    case 'negativeInteger':
    case 'nonPositiveInteger':
      return '-1';
    case 'boolean':
      return 'true';
    case 'dateTime':
      return '2024-05-01T08:00:00Z';
    case 'date':
      return '2024-05-01';
    case 'time':
      return '08:00:00';
    case 'duration':
      return 'PT1H30M';
    case 'anyURI':
      return 'urn:example:x';
    case 'language':
      return 'en';
    case 'base64Binary':
      return 'QUJD';
    case 'hexBinary':
      return '0A1B';
    case 'gYear':
      return '2024';
    default:
      return `${name || 'V'}-1`;
  }
}
