import { issue, type PathSegment, type ValidationIssue } from '@millwright/model';
import { XSD_DATE_TIME, XSD_DECIMAL, XSD_DURATION } from '../model/common.js';
import { documentSchema, NOUN_SCHEMAS, type B2mmlDocument, type Noun } from '../model/document.js';
import type { Extension, XmlAttribute, XmlFragment } from '../model/extensions.js';
import { complexOf, scalarOf, type AttrSpec, type ComplexSpec, type FieldSpec, type ScalarType } from './spec.js';
import {
  B2MML_NAMESPACES,
  B2MML_VERSIONS,
  BATCHML_NAMESPACES,
  BATCHML_ROOT,
  documentTypeOfRoot,
  isLenient,
  nounTypeOfRoot,
  supportedNouns,
  type B2mmlVersion,
} from './versions.js';
import { DEFAULT_LIMITS, readXml, type ReadLimits, type XmlAttr, type XmlElement } from './xml-read.js';

/**
 * What `decodeB2mml` returns: the typed document and the release it was written in, or every fault.
 * `warnings` (only when there are some) name, with their element paths, what a release read without
 * its own XSD (V0700, V0500, V0401) had that the spec did not expect: it is kept in `extensions`.
 */
export type DecodeResult =
  | { ok: true; doc: B2mmlDocument; version: B2mmlVersion; warnings?: ValidationIssue[] }
  | { ok: false; issues: ValidationIssue[] };

/** Limits for untrusted input; the defaults suit ERP messages (10 M characters, 100 levels). */
export type DecodeOptions = Partial<ReadLimits>;

/**
 * Reads a B2MML message (V0701, or V0600 Production*, detected by namespace) into the typed model.
 * Never throws on bad input: every fault comes back as an issue whose `path` names elements from
 * the root, with an index after repeatable ones, e.g.
 * `['SyncOperationsPerformance', 'DataArea', 'OperationsPerformance', 0, 'OperationsResponse', 1, ...]`.
 * Malformed XML is reported with line and column in the message; DTDs are refused.
 */
export function decodeB2mml(xml: string, options: DecodeOptions = {}): DecodeResult {
  const read = readXml(xml, { ...DEFAULT_LIMITS, ...options });
  if (!read.ok) return read;
  const root = read.root;
  const version = B2MML_VERSIONS.find((v) => B2MML_NAMESPACES[v] === root.ns);
  const batchml = Object.entries(BATCHML_NAMESPACES).find(([, ns]) => ns === root.ns)?.[0];
  if (batchml !== undefined || (version && BATCHML_ROOT.test(root.name))) {
    const what = batchml ?? `BatchML ${version ?? ''}`;
    return fail([
      issue(
        [root.name],
        'unsupported_batchml',
        `<${root.name}> is a ${what} document (ISA-88 recipes and batch records); this package reads B2MML nouns only`,
      ),
    ]);
  }
  if (!version) {
    const known = B2MML_VERSIONS.map((v) => B2MML_NAMESPACES[v]).join(' or ');
    const got = root.ns === undefined ? 'no namespace' : `namespace ${root.ns}`;
    return fail([issue([root.name], 'unknown_namespace', `<${root.name}> has ${got}; expected ${known}`)]);
  }
  const type = documentTypeOfRoot(version, root.name);
  if (!type && nounTypeOfRoot(version, root.name)) {
    return fail([
      issue(
        [root.name],
        'bare_noun',
        `<${root.name}> is a B2MML ${version} noun on its own (no verb, no ApplicationArea): read it with decodeB2mmlNoun, or convert it with convertB2mml`,
      ),
    ]);
  }
  if (!type) {
    const nouns = supportedNouns(version).join(', ');
    return fail([
      issue(
        [root.name],
        'unknown_document',
        `<${root.name}> is not a B2MML ${version} document this package reads (verb + one of: ${nouns})`,
      ),
    ]);
  }
  const issues: ValidationIssue[] = [];
  const warnings: ValidationIssue[] = [];
  const ctx: Ctx = { ns: root.ns, issues, warnings, lenient: isLenient(version) };
  const body = decodeComplex(root, type.spec, [root.name], ctx);
  if (issues.length > 0) return fail(issues);
  const parsed = documentSchema.safeParse({ verb: type.verb, noun: type.noun, ...body });
  if (!parsed.success) {
    // The model's paths name model keys (`items[0].requests`); report them as element paths.
    const located = parsed.error.issues.map((i) => {
      const { path, rest } = xmlPathOf(root, type.spec, i.path);
      return issue(path, i.code, rest.length ? `${rest.join('.')}: ${i.message}` : i.message);
    });
    return fail(located);
  }
  return { ok: true, doc: parsed.data, version, ...(warnings.length > 0 ? { warnings } : {}) };
}

const fail = (issues: ValidationIssue[]) => ({ ok: false as const, issues });

/** What `decodeB2mmlNoun` returns: one noun read from a root element of its own. */
export type DecodeNounResult =
  | { ok: true; noun: Noun; item: Record<string, unknown>; version: B2mmlVersion; warnings?: ValidationIssue[] }
  | { ok: false; issues: ValidationIssue[] };

/**
 * Reads a noun written as the root on its own (`<ProductionSchedule xmlns="…B2MML-V0401">`, as many
 * older examples and vendor exports are): no verb, no ApplicationArea. `item` is the noun's model
 * object (an OperationsSchedule for a ProductionSchedule), checked like `decodeB2mml` checks it.
 */
export function decodeB2mmlNoun(xml: string, options: DecodeOptions = {}): DecodeNounResult {
  const read = readXml(xml, { ...DEFAULT_LIMITS, ...options });
  if (!read.ok) return read;
  const root = read.root;
  const version = B2MML_VERSIONS.find((v) => B2MML_NAMESPACES[v] === root.ns);
  const type = version && nounTypeOfRoot(version, root.name);
  if (!version || !type) {
    return fail([issue([root.name], 'unknown_document', `<${root.name}> is not a B2MML noun this package reads`)]);
  }
  const issues: ValidationIssue[] = [];
  const warnings: ValidationIssue[] = [];
  const body = decodeComplex(root, type.spec, [root.name], {
    ns: root.ns,
    issues,
    warnings,
    lenient: isLenient(version),
  });
  if (issues.length > 0) return fail(issues);
  const parsed = NOUN_SCHEMAS[type.noun].safeParse(body);
  if (!parsed.success) {
    return fail(
      parsed.error.issues.map((i) => {
        const { path, rest } = xmlPathOf(root, type.spec, i.path);
        return issue(path, i.code, rest.length ? `${rest.join('.')}: ${i.message}` : i.message);
      }),
    );
  }
  const item = parsed.data as Record<string, unknown>;
  return { ok: true, noun: type.noun, item, version, ...(warnings.length > 0 ? { warnings } : {}) };
}

/**
 * Turns a model path into the element path it was read from, walking the spec and the elements
 * side by side: a key becomes its element name (or `@attribute`), an index stays after a
 * repeatable element. The walk stops at the first element that is not in the document (the
 * path then ends with its name) or at a key no element stands for; the model keys left over are
 * returned for the message.
 */
function xmlPathOf(
  root: XmlElement,
  spec: ComplexSpec,
  modelPath: readonly PropertyKey[],
): { path: PathSegment[]; rest: string[] } {
  const path: PathSegment[] = [root.name];
  let cur: ComplexSpec | undefined = spec;
  let el: XmlElement | undefined = root;
  let i = 0;
  const childOf = (parent: XmlElement, f: FieldSpec, index: number) =>
    parent.children.filter((c) => c.ns === root.ns && (c.name === f.xml || f.aliases?.includes(c.name)))[index];
  while (cur && el && i < modelPath.length) {
    const key = modelPath[i];
    const attr = cur.attrs?.find((a) => a.key === key);
    if (attr) {
      path.push(`@${attr.xml}`);
      i++;
      break;
    }
    const chain = key === undefined ? undefined : fieldsOfKey(cur, key);
    const field = chain?.at(-1);
    if (!chain || !field) break;
    const keyAt = i++;
    const index = field.many && typeof modelPath[i] === 'number' ? (modelPath[i] as number) : 0;
    for (const f of chain) {
      const next: XmlElement | undefined = el && childOf(el, f, f === field ? index : 0);
      path.push(next ? (next.name as PathSegment) : f.xml);
      el = next;
      // A missing inline wrapper: the key itself goes into the message.
      if (!el && f !== field) i = keyAt;
      if (!el) break;
    }
    if (!el) break;
    if (field.many && typeof modelPath[i] === 'number') path.push(modelPath[i++] as number);
    cur = complexOf(field.type);
  }
  return { path, rest: modelPath.slice(i).map(String) };
}

/** The fields leading to model key `key`: inline elements first, then the element holding it. */
function fieldsOfKey(spec: ComplexSpec, key: PropertyKey): FieldSpec[] | undefined {
  for (const f of spec.fields) {
    if (f.key === key) return [f];
    const inner = f.inline ? complexOf(f.type) : undefined;
    const hit = inner && fieldsOfKey(inner, key);
    if (hit) return [f, ...hit];
  }
  return undefined;
}

interface Ctx {
  ns: string | undefined;
  issues: ValidationIssue[];
  warnings: ValidationIssue[];
  /** A release read with another release's spec: structural surprises are warnings, codes are free. */
  lenient: boolean;
}

interface FieldIndex {
  byName: Map<string, { field: FieldSpec; pos: number }>;
  attrs: Map<string, AttrSpec>;
}
const indexes = new WeakMap<ComplexSpec, FieldIndex>();

function indexOf(spec: ComplexSpec): FieldIndex {
  let idx = indexes.get(spec);
  if (!idx) {
    const byName = new Map<string, { field: FieldSpec; pos: number }>();
    spec.fields.forEach((field, pos) => {
      for (const name of [field.xml, ...(field.aliases ?? [])]) byName.set(name, { field, pos });
    });
    idx = { byName, attrs: new Map((spec.attrs ?? []).map((a) => [a.xml, a])) };
    indexes.set(spec, idx);
  }
  return idx;
}

/** `prefix:name` of a kept attribute, as it appears in bag paths. */
const attrName = (a: XmlAttr) => (a.prefix ? `${a.prefix}:${a.name}` : a.name);

function attributeOf(a: XmlAttr): XmlAttribute {
  return {
    name: a.name,
    ...(a.ns !== undefined ? { ns: a.ns } : {}),
    ...(a.prefix ? { prefix: a.prefix } : {}),
    value: a.value,
  };
}

/** An element kept whole, for the extension bag. */
export function fragmentOf(el: XmlElement): XmlFragment {
  return {
    name: el.name,
    ...(el.ns !== undefined ? { ns: el.ns } : {}),
    ...(el.prefix ? { prefix: el.prefix } : {}),
    ...(el.attrs.length > 0 ? { attrs: el.attrs.map(attributeOf) } : {}),
    ...(el.children.length > 0 ? { children: el.children.map(fragmentOf) } : {}),
    ...(el.text !== '' ? { text: el.text } : {}),
  };
}

/**
 * Reads one element into a model object. Whatever the spec has no model key for (attributes other
 * than the spec's, elements of other namespaces, XSD elements the model does not hold, and in lenient
 * releases elements the spec does not know) goes into the object's `extensions`, anchored to the
 * previous sibling so the encoder can put it back where it was. `bagPrefix` is set for elements the
 * model flattens into their parent (DataArea): their kept items live in the parent's bag.
 */
function decodeComplex(
  el: XmlElement,
  spec: ComplexSpec,
  path: PathSegment[],
  ctx: Ctx,
  bagPrefix = '',
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const bag: Extension[] = [];
  const { byName, attrs } = indexOf(spec);
  const seenAttrs = new Set<string>();
  for (const a of el.attrs) {
    const attr = a.ns === undefined ? attrs.get(a.name) : undefined;
    if (!attr) {
      bag.push({ path: `${bagPrefix}@${attrName(a)}`, attribute: attributeOf(a) });
      continue;
    }
    seenAttrs.add(attr.xml);
    const v = decodeScalar(a.value, attr.type, [...path, `@${attr.xml}`], ctx);
    if (v !== undefined) out[attr.key] = v;
  }
  for (const attr of spec.attrs ?? []) {
    if (attr.required && !seenAttrs.has(attr.xml)) {
      report(ctx, issue([...path, `@${attr.xml}`], 'missing_attribute', `required attribute ${attr.xml} is missing`));
    }
  }
  if (spec.text && el.text !== '') {
    const v = decodeScalar(el.text, spec.text.type, path, ctx);
    if (v !== undefined) out[spec.text.key] = v;
  }

  const seenByName = new Map<string, number>();
  const seenByField = new Map<FieldSpec, number>();
  const siblings = new Map<string, number>();
  let prev: string | undefined;
  let last: { pos: number; name: string } | undefined;
  for (const child of el.children) {
    const k = siblings.get(child.name) ?? 0;
    siblings.set(child.name, k + 1);
    const here = `${child.name}[${k}]`;
    const keep = () => {
      bag.push({ path: `${bagPrefix}${child.name}`, element: fragmentOf(child), ...(prev ? { after: prev } : {}) });
      prev = here;
    };
    // Elements of other namespaces are B2MML extensions (the `Extended` groups) or vendor data: kept.
    if (child.ns !== ctx.ns) {
      keep();
      continue;
    }
    const hit = byName.get(child.name);
    const n = seenByName.get(child.name) ?? 0;
    seenByName.set(child.name, n + 1);
    if (!hit) {
      const message = `<${child.name}> is not allowed in ${spec.name}`;
      if (ctx.lenient)
        ctx.warnings.push(issue([...path, child.name], 'unknown_element', `${message}; kept in extensions`));
      else ctx.issues.push(issue([...path, child.name], 'unknown_element', message));
      keep();
      continue;
    }
    const { field, pos } = hit;
    const childPath = field.many ? [...path, child.name, n] : [...path, child.name];
    if (last && pos < last.pos) {
      report(ctx, issue(childPath, 'out_of_order', `<${child.name}> must come before <${last.name}>`));
    }
    if (!last || pos > last.pos) last = { pos, name: child.name };
    const count = (seenByField.get(field) ?? 0) + 1;
    seenByField.set(field, count);
    const max = field.many ? (field.max ?? Infinity) : 1;
    if (count > max) {
      report(ctx, issue(childPath, 'too_many', `${spec.name} allows at most ${max} <${field.xml}>`));
      keep();
      continue;
    }
    if (field.key === undefined && !field.inline) {
      keep();
      continue;
    }
    prev = here;
    const index = field.many ? `[${count - 1}]` : '';
    if (field.readOnly && field.key !== undefined) {
      // A deprecated element folded into a newer list (V0600 MaterialProducedActual into
      // materialActuals): remember its name at its place in the list, so it is written back as read.
      const main = spec.fields.find((f) => f.key === field.key && !f.readOnly);
      const list = out[field.key];
      const at = Array.isArray(list) ? list.length : 0;
      if (main) bag.push({ path: `${bagPrefix}${main.xml}[${at}]`, as: child.name });
    } else if (child.name !== field.xml) bag.push({ path: `${bagPrefix}${field.xml}${index}`, as: child.name });
    const inner = field.inline ? complexOf(field.type) : undefined;
    if (inner) {
      const value = decodeComplex(child, inner, childPath, ctx, `${bagPrefix}${child.name}/`);
      const { extensions, ...rest } = value;
      Object.assign(out, rest);
      if (Array.isArray(extensions)) bag.push(...(extensions as Extension[]));
      continue;
    }
    if (!complexOf(field.type)) {
      // A text element the model holds as a plain value: its attributes live in this object's bag.
      for (const a of child.attrs) {
        bag.push({ path: `${bagPrefix}${field.xml}${index}/@${attrName(a)}`, attribute: attributeOf(a) });
      }
    }
    const value = decodeField(child, field, childPath, ctx);
    if (value === undefined || field.key === undefined) continue;
    if (field.many) {
      const list = out[field.key];
      if (Array.isArray(list)) list.push(value);
      else out[field.key] = [value];
    } else out[field.key] = value;
  }

  for (const field of spec.fields) {
    if (field.min === 1 && !seenByField.has(field)) {
      report(ctx, issue([...path, field.xml], 'missing_element', `required element <${field.xml}> is missing`));
    }
  }
  for (const [key, v] of Object.entries(spec.preset ?? {})) if (out[key] === undefined) out[key] = v;
  if (bag.length > 0) out['extensions'] = bag;
  return out;
}

/** A structural fault: an error, or a warning when the release is read leniently. */
function report(ctx: Ctx, i: ValidationIssue): void {
  (ctx.lenient ? ctx.warnings : ctx.issues).push(i);
}

function decodeField(el: XmlElement, field: FieldSpec, path: PathSegment[], ctx: Ctx): unknown {
  const complex = complexOf(field.type);
  if (complex) {
    const v = decodeComplex(el, complex, path, ctx);
    // An empty verb element (<Process/>) is the same as no verb details.
    return field.emptyWhenMissing && Object.keys(v).length === 0 ? undefined : v;
  }
  const scalar = scalarOf(field.type);
  if (!scalar) return undefined;
  if (el.children.length > 0) {
    ctx.issues.push(issue(path, 'invalid_type', `<${el.name}> must hold text, not elements`));
    return undefined;
  }
  return decodeScalar(el.text, scalar, path, ctx);
}

function decodeScalar(text: string, type: ScalarType, path: PathSegment[], ctx: Ctx): string | number | undefined {
  const bad = (code: string, message: string) => {
    ctx.issues.push(issue(path, code, message));
    return undefined;
  };
  switch (type.kind) {
    case 'string':
      return text;
    case 'decimal':
      // The exact text: "1.000" must not become 1 (quantities are compared and re-sent as written).
      return XSD_DECIMAL.test(text) ? text : bad('invalid_number', `"${clip(text)}" is not a number`);
    case 'dateTime':
      return XSD_DATE_TIME.test(text)
        ? text
        : bad('invalid_date_time', `"${clip(text)}" is not an xsd:dateTime such as 2024-05-01T08:00:00Z`);
    case 'duration':
      return XSD_DURATION.test(text) ? text : bad('invalid_duration', `"${clip(text)}" is not an xsd:duration`);
    case 'code':
      return ctx.lenient || type.values.includes(text)
        ? text
        : bad('invalid_code', `"${clip(text)}" is not one of ${listOf(type.values)}`);
  }
}

const clip = (s: string) => (s.length > 40 ? `${s.slice(0, 40)}...` : s);
const listOf = (values: readonly string[]) =>
  values.length > 12 ? `${values.slice(0, 12).join(', ')}, ... (${values.length} codes)` : values.join(', ');
