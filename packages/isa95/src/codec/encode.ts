import { fromZodIssues, issue, type PathSegment, type ValidationIssue } from '@millwright/model';
import { XSD_DATE_TIME, XSD_DURATION } from '../model/common.js';
import { documentSchema, type B2mmlDocument } from '../model/document.js';
import { B2mmlError } from './b2mml.error.js';
import { complexOf, scalarOf, type ComplexSpec, type FieldSpec, type ScalarType } from './spec.js';
import { B2MML_NAMESPACES, DEFAULT_RELEASE_IDS, documentType, nounsOf, type B2mmlVersion } from './versions.js';
import { formatDecimal, isXmlText, writeXml, type XmlNode } from './xml-write.js';

/** Options of `encodeB2mml`. */
export interface EncodeOptions {
  /** Release to write; V0600 writes only OperationsSchedule/Performance (as Production*) and ConfirmBOD. */
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
  return writeXml(built.root, { pretty: options.pretty ?? true });
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
  const ctx: Ctx = { version, issues: [] };
  const content = encodeComplex({ ...body, releaseId }, type.spec, [], ctx);
  if (ctx.issues.length > 0) return { ok: false, issues: ctx.issues };
  const attrs: [string, string][] = [['xmlns', B2MML_NAMESPACES[version]], ...content.attrs];
  return { ok: true, root: { name: type.root, attrs, children: content.children } };
}

interface Ctx {
  version: B2mmlVersion;
  issues: ValidationIssue[];
}

type Content = { attrs: [string, string][]; children: XmlNode[]; text?: string };

function encodeComplex(
  value: Record<string, unknown>,
  spec: ComplexSpec,
  path: PathSegment[],
  ctx: Ctx,
  inline = false,
): Content {
  const out: Content = { attrs: [], children: [] };
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
      const content = encodeComplex(value, inner, path, ctx, true);
      if (field.min === 1 || content.children.length > 0 || content.attrs.length > 0 || content.text !== undefined)
        out.children.push({ name: field.xml, ...content });
      continue;
    }
    if (field.key === undefined) continue;
    out.children.push(...encodeField(value[field.key], field, [...path, field.key], spec, ctx));
  }
  // An inlined type shares the object with its parent, which checks the keys of both.
  if (!inline) reportUnplaced(value, spec, path, ctx);
  return out;
}

function encodeField(v: unknown, field: FieldSpec, path: PathSegment[], spec: ComplexSpec, ctx: Ctx): XmlNode[] {
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
  return v.map((item, i) => encodeElement(item, field, [...path, i], ctx));
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
  if (type.kind === 'number') {
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
      return type.values.includes(v)
        ? v
        : bad('invalid_code', `"${v}" is not a B2MML ${ctx.version} code here; allowed: ${type.values.join(', ')}`);
  }
}

/** Fields set in the model that this release has no element for would be lost: report them. */
function reportUnplaced(value: Record<string, unknown>, spec: ComplexSpec, path: PathSegment[], ctx: Ctx): void {
  const placed = placedKeys(spec);
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined || placed.has(key) || spec.preset?.[key] === v) continue;
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

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
