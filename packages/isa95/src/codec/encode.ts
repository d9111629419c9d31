import { fromZodIssues, issue, type PathSegment, type ValidationIssue } from '@millwright/model';
import { XSD_DATE_TIME, XSD_DECIMAL, XSD_DURATION } from '../model/common.js';
import { documentSchema, NOUN_SCHEMAS, type B2mmlDocument, type Noun } from '../model/document.js';
import type { Extension, XmlFragment } from '../model/extensions.js';
import { B2mmlError } from './b2mml.error.js';
import { complexOf, scalarOf, type ComplexSpec, type FieldSpec, type ScalarType } from './spec.js';
import {
  B2MML_NAMESPACES,
  DEFAULT_RELEASE_IDS,
  documentType,
  isLenient,
  nounType,
  nounsOf,
  type B2mmlVersion,
} from './versions.js';
import { formatDecimal, isXmlText, writeXml, type XmlNode } from './xml-write.js';

/** Options of `encodeB2mml`. */
export interface EncodeOptions {
  /**
   * Release to write (default V0701). V0600, V0500 and V0401 write only OperationsSchedule/Performance
   * (as Production*) and ConfirmBOD. Kept XML (`extensions`) is written back in place.
   */
  version?: B2mmlVersion;
  /** Indent with two spaces (default) or write one line. */
  pretty?: boolean;
}

/** A typed document, or every reason the value is not one (paths into the value). */
export type ParseDocumentResult = { ok: true; doc: B2mmlDocument } | { ok: false; issues: ValidationIssue[] };

/** Checks a plain value (e.g. JSON from a message) against the typed model. */
export function parseDocument(value: unknown): ParseDocumentResult {
  const parsed = documentSchema.safeParse(value);
  return parsed.success ? { ok: true, doc: parsed.data } : { ok: false, issues: fromZodIssues(parsed.error.issues) };
}

/**
 * Every reason `doc` cannot be written as valid B2MML in `version`: model errors, required
 * elements the chosen release needs (V0701 wants an ID on most things), codes that release does not
 * know, and fields it has no element for. Paths point into the document (`['items', 0, 'id']`).
 */
export function checkB2mml(doc: unknown, options: Pick<EncodeOptions, 'version'> = {}): ValidationIssue[] {
  const built = build(doc, options.version ?? 'V0701');
  return built.ok ? [] : built.issues;
}

/**
 * Writes a document as B2MML (V0701 by default) with the release's namespace, elements in
 * `xs:sequence` order and a default `releaseID`. The output validates against MESA's XSDs.
 * @throws B2mmlError (`invalid_b2mml_model`) with every fault when the document cannot be written.
 */
export function encodeB2mml(doc: B2mmlDocument, options: EncodeOptions = {}): string {
  const built = build(doc, options.version ?? 'V0701');
  if (!built.ok) throw new B2mmlError('invalid_b2mml_model', built.issues, 'B2MML document');
  const version = options.version ?? 'V0701';
  return writeXml(built.root, { pretty: options.pretty ?? true, defaultNs: B2MML_NAMESPACES[version] });
}

/**
 * Writes one noun as the root on its own (no verb, no ApplicationArea), the form `decodeB2mmlNoun`
 * reads. @throws B2mmlError (`invalid_b2mml_model`) with every fault.
 */
export function encodeB2mmlNoun(noun: Noun, item: unknown, options: EncodeOptions = {}): string {
  const version = options.version ?? 'V0701';
  const type = nounType(version, noun);
  if (!type) {
    const issues = [issue(['noun'], 'unsupported_document', `B2MML ${version} has no ${noun}`)];
    throw new B2mmlError('invalid_b2mml_model', issues, 'B2MML noun');
  }
  const parsed = NOUN_SCHEMAS[noun].safeParse(item);
  if (!parsed.success) throw new B2mmlError('invalid_b2mml_model', fromZodIssues(parsed.error.issues), 'B2MML noun');
  const ctx: Ctx = { version, issues: [], lenient: isLenient(version) };
  const content = encodeComplex(parsed.data as Record<string, unknown>, type.spec, [], ctx);
  if (ctx.issues.length > 0) throw new B2mmlError('invalid_b2mml_model', ctx.issues, 'B2MML noun');
  return writeXml(
    { name: type.xmlNoun, ...content },
    { pretty: options.pretty ?? true, defaultNs: B2MML_NAMESPACES[version] },
  );
}

function build(
  value: unknown,
  version: B2mmlVersion,
): { ok: true; root: XmlNode } | { ok: false; issues: ValidationIssue[] } {
  const parsed = parseDocument(value);
  if (!parsed.ok) return parsed;
  const { verb, noun, ...body } = parsed.doc;
  const type = documentType(version, verb, noun);
  if (!type) {
    const nouns = nounsOf(version).join(', ');
    return {
      ok: false,
      issues: [issue(['noun'], 'unsupported_document', `B2MML ${version} writes ${nouns} and BOD, not ${noun}`)],
    };
  }
  const releaseId = noun === 'BOD' ? body.releaseId : (body.releaseId ?? DEFAULT_RELEASE_IDS[version]);
  const ctx: Ctx = { version, issues: [], lenient: isLenient(version) };
  const content = encodeComplex({ ...body, releaseId }, type.spec, [], ctx);
  if (ctx.issues.length > 0) return { ok: false, issues: ctx.issues };
  return { ok: true, root: { name: type.root, ...content } };
}

interface Ctx {
  version: B2mmlVersion;
  issues: ValidationIssue[];
  /** Codes are not checked for releases without their own XSD here. */
  lenient: boolean;
}

type Content = { attrs: [string, string][]; nsAttrs?: XmlNode['nsAttrs']; children: XmlNode[]; text?: string };

function encodeComplex(
  value: Record<string, unknown>,
  spec: ComplexSpec,
  path: PathSegment[],
  ctx: Ctx,
  inline?: readonly Extension[],
): Content {
  const out: Content = { attrs: [], children: [] };
  // An inlined element (DataArea) gets its kept items from the parent's bag, prefix removed.
  const bag = inline ?? (Array.isArray(value['extensions']) ? (value['extensions'] as Extension[]) : []);
  const written = new Set<Extension>();
  for (const attr of spec.attrs ?? []) {
    const v = value[attr.key];
    if (v === undefined) {
      if (attr.required) ctx.issues.push(issue([...path, attr.key], 'missing_field', `${spec.name} needs ${attr.key}`));
      continue;
    }
    const text = encodeScalar(v, attr.type, [...path, attr.key], ctx);
    if (text !== undefined) out.attrs.push([attr.xml, text]);
  }
  if (spec.text && value[spec.text.key] !== undefined) {
    out.text = encodeScalar(value[spec.text.key], spec.text.type, [...path, spec.text.key], ctx);
  }
  for (const field of spec.fields) {
    if (field.readOnly) continue;
    if (field.inline) {
      const inner = complexOf(field.type);
      if (!inner) continue;
      const prefix = `${field.xml}/`;
      const innerBag = bag
        .filter((e) => e.path.startsWith(prefix))
        .map((e) => ({ ...e, path: e.path.slice(prefix.length) }));
      const content = encodeComplex(value, inner, path, ctx, innerBag);
      if (field.min === 1 || content.children.length > 0 || content.attrs.length > 0 || content.text !== undefined)
        out.children.push({ name: field.xml, ...content });
      continue;
    }
    if (field.key === undefined) continue;
    out.children.push(...encodeField(value[field.key], field, [...path, field.key], spec, ctx, bag, written));
  }
  const stale = bag.filter(
    (e) =>
      e.element?.ns !== undefined && e.element.ns !== B2MML_NAMESPACES[ctx.version] && RELEASE_OF_NS.has(e.element.ns),
  );
  if (stale.length > 0) {
    const [first] = stale;
    const names = stale.map((e) => `<${e.element?.name ?? ''}>`).join(', ');
    ctx.issues.push(
      issue(
        [...path, 'extensions'],
        'not_in_version',
        `kept ${names} of B2MML ${RELEASE_OF_NS.get(first?.element?.ns ?? '') ?? ''} cannot be written as ${ctx.version}; convertB2mml drops it with a report`,
      ),
    );
  }
  placeKept(
    out,
    bag.filter((e) => !written.has(e)),
  );
  // An inlined type shares the object with its parent, which checks the keys of both.
  if (!inline) reportUnplaced(value, spec, path, ctx);
  return out;
}

function encodeField(
  v: unknown,
  field: FieldSpec,
  path: PathSegment[],
  spec: ComplexSpec,
  ctx: Ctx,
  bag: readonly Extension[] = [],
  written = new Set<Extension>(),
): XmlNode[] {
  const missing = () => {
    if (field.emptyWhenMissing) return [{ name: field.xml, attrs: [], children: [] }];
    if (field.min === 1)
      ctx.issues.push(issue(path, 'missing_field', `B2MML ${ctx.version} ${spec.name} requires <${field.xml}>`));
    return [];
  };
  if (v === undefined) return missing();
  if (!field.many) return [encodeElement(v, field, path, ctx)];
  if (!Array.isArray(v)) {
    ctx.issues.push(issue(path, 'invalid_type', 'expected a list'));
    return [];
  }
  if (v.length === 0) return missing();
  if (field.max !== undefined && v.length > field.max) {
    ctx.issues.push(
      issue(path, 'too_many', `B2MML ${ctx.version} ${spec.name} allows at most ${field.max} <${field.xml}>`),
    );
    return [];
  }
  return v.map((item, i) => {
    // An item read from a deprecated element (see decode) is written back with that element's type.
    const as = bag.find((e) => e.as !== undefined && e.path === `${field.xml}[${i}]`);
    const old = as && spec.fields.find((f) => f.readOnly && f.key === field.key && f.xml === as.as);
    if (as && old) written.add(as);
    return encodeElement(item, old ?? field, [...path, i], ctx);
  });
}

function encodeElement(v: unknown, field: FieldSpec, path: PathSegment[], ctx: Ctx): XmlNode {
  const complex = complexOf(field.type);
  if (complex) {
    if (!isRecord(v)) {
      ctx.issues.push(issue(path, 'invalid_type', 'expected an object'));
      return { name: field.xml, attrs: [], children: [] };
    }
    return { name: field.xml, ...encodeComplex(v, complex, path, ctx) };
  }
  const scalar = scalarOf(field.type);
  const text = scalar ? encodeScalar(v, scalar, path, ctx) : undefined;
  return { name: field.xml, attrs: [], children: [], ...(text === undefined ? {} : { text }) };
}

function encodeScalar(v: unknown, type: ScalarType, path: PathSegment[], ctx: Ctx): string | undefined {
  const bad = (code: string, message: string) => {
    ctx.issues.push(issue(path, code, message));
    return undefined;
  };
  if (type.kind === 'decimal') {
    // Text is written exactly as given ("1.000"); numbers without exponent.
    if (typeof v === 'string') return XSD_DECIMAL.test(v) ? v : bad('invalid_number', `"${v}" is not a decimal`);
    return typeof v === 'number' && Number.isFinite(v)
      ? formatDecimal(v)
      : bad('invalid_number', 'expected a finite number');
  }
  if (typeof v !== 'string') return bad('invalid_type', 'expected a string');
  if (!isXmlText(v)) return bad('invalid_character', 'contains a control character XML cannot carry');
  switch (type.kind) {
    case 'string':
      return v;
    case 'dateTime':
      return XSD_DATE_TIME.test(v) ? v : bad('invalid_date_time', `"${v}" is not an xsd:dateTime`);
    case 'duration':
      return XSD_DURATION.test(v) ? v : bad('invalid_duration', `"${v}" is not an xsd:duration`);
    case 'code':
      return ctx.lenient || type.values.includes(v)
        ? v
        : bad('invalid_code', `"${v}" is not a B2MML ${ctx.version} code here; allowed: ${type.values.join(', ')}`);
  }
}

/** Fields set in the model that this release has no element for would be lost: report them. */
function reportUnplaced(value: Record<string, unknown>, spec: ComplexSpec, path: PathSegment[], ctx: Ctx): void {
  const placed = placedKeys(spec);
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined || key === 'extensions' || placed.has(key) || spec.preset?.[key] === v) continue;
    ctx.issues.push(
      issue([...path, key], 'not_in_version', `B2MML ${ctx.version} ${spec.name} has no element for ${key}`),
    );
  }
}

const placedCache = new WeakMap<ComplexSpec, Set<string>>();

function placedKeys(spec: ComplexSpec): Set<string> {
  let keys = placedCache.get(spec);
  if (keys) return keys;
  keys = new Set<string>();
  for (const a of spec.attrs ?? []) keys.add(a.key);
  if (spec.text) keys.add(spec.text.key);
  for (const field of spec.fields) {
    if (field.readOnly) continue;
    if (field.inline) {
      const inner = complexOf(field.type);
      if (inner) for (const k of placedKeys(inner)) keys.add(k);
    } else if (field.key !== undefined) keys.add(field.key);
  }
  placedCache.set(spec, keys);
  return keys;
}

/**
 * Writes the kept items of one element back where they were read: renames fields read under another
 * name, adds kept attributes to the element or to its text children, and inserts kept elements after
 * the sibling they followed (at the start when they came first; at the end when that sibling is gone).
 */
function placeKept(out: Content, bag: readonly Extension[]): void {
  if (bag.length === 0) return;
  const find = (ref: string): XmlNode | undefined => {
    const m = /^(.+?)(?:\[(\d+)\])?$/.exec(ref);
    if (!m?.[1]) return undefined;
    const name = m[1];
    const k = m[2] === undefined ? 0 : Number(m[2]);
    return out.children.filter((c) => c.name === name)[k];
  };
  // Attributes first: their paths use the spec's element names.
  for (const e of bag) {
    if (!e.attribute) continue;
    const slash = e.path.lastIndexOf('/@');
    const target = e.path.startsWith('@') ? out : slash > 0 ? find(e.path.slice(0, slash)) : undefined;
    if (!target) continue;
    (target.nsAttrs ??= []).push(e.attribute);
  }
  // Then field names as read: the anchors of kept elements use them.
  for (const e of bag) {
    if (e.as === undefined || e.path.includes('/')) continue;
    const node = find(e.path);
    if (node) node.name = e.as;
  }
  for (const e of bag) {
    if (!e.element || e.path.includes('/')) continue;
    const node = nodeOf(e.element);
    const anchor = e.after === undefined ? undefined : find(e.after);
    const at = e.after === undefined ? 0 : anchor ? out.children.indexOf(anchor) + 1 : out.children.length;
    out.children.splice(at, 0, node);
  }
}

const RELEASE_OF_NS = new Map(Object.entries(B2MML_NAMESPACES).map(([v, ns]) => [ns, v]));

function nodeOf(f: XmlFragment): XmlNode {
  return {
    name: f.name,
    ns: f.ns ?? '',
    ...(f.prefix ? { prefix: f.prefix } : {}),
    attrs: [],
    ...(f.attrs?.length ? { nsAttrs: f.attrs } : {}),
    children: (f.children ?? []).map(nodeOf),
    ...(f.text !== undefined ? { text: f.text } : {}),
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
