import { issue, type PathSegment, type ValidationIssue } from '@millwright/model';
import type { B2mmlDocument } from '../model/document.js';
import type { Extension } from '../model/extensions.js';
import { decodeB2mml, decodeB2mmlNoun } from './decode.js';
import { checkB2mml, encodeB2mml, encodeB2mmlNoun, parseDocument } from './encode.js';
import { B2MML_NAMESPACES, SPEC_RELEASE, type B2mmlVersion } from './versions.js';

/** Options of `convertB2mml`. */
export interface ConvertOptions {
  /** Release to write (default V0701). */
  to?: B2mmlVersion;
  /** Release of a document given as an object (XML says its own release). Default V0600. */
  from?: B2mmlVersion;
  /**
   * Fills fields the target release requires and the source lacks (V0701 wants an ID on most things).
   * Keys are model paths where `*` stands for one key or index and `**` for any depth:
   * `items[*].id`, `items[*].requests[*].segments[*].processSegmentId`, `**.id`. Values are
   * templates: `${parentId}` (id of the nearest enclosing object), `${n}` / `${i}` (1- / 0-based
   * position in its list), `${bodId}`, `${path}`; other text is copied. The most specific matching
   * rule (the one with the fewest wildcards) wins.
   */
  fill?: Readonly<Record<string, string>>;
  pretty?: boolean;
}

/** One thing the target release cannot hold, dropped from the converted document. */
export interface Dropped {
  /** Model path of the object, then the XML name below it (`$.items[0].requests[0]/Location`). */
  path: string;
  /** What it was: `element <Location>`, `attribute xml:lang="de"`, `field segmentState = "Holding"`. */
  what: string;
  /** Why it could not be kept. */
  reason: string;
}

/** What a conversion did. */
export interface ConversionReport {
  from: B2mmlVersion;
  to: B2mmlVersion;
  /** Kept XML and fields the target cannot represent: dropped, each with its path. */
  dropped: Dropped[];
  /** Required fields filled by a rule. */
  filled: { path: string; value: string; rule: string }[];
  /** Codes the target spells differently (V0600 `Holding` is V0701 `Held`), renamed. */
  renamed: { path: string; from: string; to: string }[];
  /** Warnings from reading the source (releases read without their own XSD). */
  warnings: ValidationIssue[];
  /**
   * The source was a noun on its own (no verb, no ApplicationArea): so is the result. `doc` then
   * wraps it in a stand-in envelope (verb Sync), which is not written; paths start at `$.items[0]`.
   */
  bareNoun?: boolean;
}

export type ConvertResult =
  | { ok: true; xml: string; doc: B2mmlDocument; report: ConversionReport }
  | { ok: false; issues: ValidationIssue[]; report?: ConversionReport };

/**
 * Converts a B2MML document (XML of any release this package reads, or a typed document) to another
 * release, V0701 by default. Never throws. Everything the target cannot hold is dropped and listed in
 * `report.dropped` with its path; required fields the source lacks are filled by `fill` rules
 * (`report.filled`). Fields still missing afterwards fail the conversion with their paths.
 */
export function convertB2mml(input: string | B2mmlDocument, options: ConvertOptions = {}): ConvertResult {
  const to = options.to ?? 'V0701';
  let source: B2mmlDocument;
  let from: B2mmlVersion;
  let warnings: ValidationIssue[] = [];
  let bareNoun = false;
  if (typeof input === 'string') {
    const read = decodeB2mml(input);
    if (read.ok) {
      source = read.doc;
      from = read.version;
      warnings = read.warnings ?? [];
    } else {
      if (read.issues[0]?.code !== 'bare_noun') return read;
      const noun = decodeB2mmlNoun(input);
      if (!noun.ok) return noun;
      const envelope = { verb: 'Sync', noun: noun.noun, applicationArea: { creationDateTime: STAND_IN_TIME } };
      const wrapped = parseDocument({ ...envelope, items: [noun.item] });
      if (!wrapped.ok) return wrapped;
      source = wrapped.doc;
      from = noun.version;
      warnings = noun.warnings ?? [];
      bareNoun = true;
    }
  } else {
    source = input;
    from = options.from ?? 'V0600';
  }
  const report: ConversionReport = {
    from,
    to,
    dropped: [],
    filled: [],
    renamed: [],
    warnings,
    ...(bareNoun ? { bareNoun } : {}),
  };
  const doc = JSON.parse(JSON.stringify(source)) as Record<string, unknown>;
  if (from !== to) pruneKept(doc, [], { from, to, report });

  // Fields the target has no element or code for are dropped; required ones missing are filled.
  for (let round = 0; round < 3; round++) {
    const issues = checkB2mml(doc, { version: to });
    if (issues.length === 0) break;
    let changed = false;
    for (const i of issues) {
      const value = getAt(doc, i.path);
      const renamed = i.code === 'invalid_code' && typeof value === 'string' ? CODE_RENAMES[value] : undefined;
      if (renamed !== undefined) {
        // The same state or use under the newer release's name: carried over, and said so.
        setAt(doc, i.path, renamed);
        report.renamed.push({ path: pathText(i.path), from: value as string, to: renamed });
        changed = true;
      } else if (i.code === 'not_in_version' || i.code === 'invalid_code') {
        deleteAt(doc, i.path);
        report.dropped.push({
          path: pathText(i.path),
          what: `field ${String(i.path.at(-1))} = ${JSON.stringify(value)}`,
          reason: i.message,
        });
        changed = true;
      } else if (i.code === 'missing_field') {
        const rule = ruleFor(options.fill ?? {}, i.path);
        if (!rule) continue;
        const value = render(rule[1], doc, i.path);
        setAt(doc, i.path, value);
        report.filled.push({ path: pathText(i.path), value, rule: rule[0] });
        changed = true;
      }
    }
    if (!changed) break;
  }
  const parsed = parseDocument(doc);
  if (!parsed.ok) return { ok: false, issues: parsed.issues, report };
  const remaining = checkB2mml(parsed.doc, { version: to });
  if (remaining.length > 0) {
    const hint = (i: ValidationIssue) =>
      i.code === 'missing_field' ? issue(i.path, i.code, `${i.message} (no fill rule matches ${pathText(i.path)})`) : i;
    return { ok: false, issues: remaining.map(hint), report };
  }
  const writeOptions = { version: to, ...(options.pretty !== undefined ? { pretty: options.pretty } : {}) };
  const xml =
    bareNoun && parsed.doc.noun !== 'BOD'
      ? encodeB2mmlNoun(parsed.doc.noun, parsed.doc.items[0], writeOptions)
      : encodeB2mml(parsed.doc, writeOptions);
  return { ok: true, xml, doc: parsed.doc, report };
}

/**
 * Codes that only changed their spelling between V0600 and V0701 (the second is MESA's V0600 typo).
 * Codes with no V0701 equivalent (`Sample`, `Carrier`...) are dropped and reported instead.
 */
const CODE_RENAMES: Readonly<Record<string, string>> = { Holding: 'Held', 'Resurned Sample': 'Returned Sample' };

/** CreationDateTime of the envelope a bare noun is wrapped in for checking; never written. */
const STAND_IN_TIME = '1970-01-01T00:00:00Z';

interface PruneCtx {
  from: B2mmlVersion;
  to: B2mmlVersion;
  report: ConversionReport;
}

/**
 * Walks the document and decides, for every kept item, whether the target release can hold it.
 * Releases written with the same spec (V0700 → V0701) keep their B2MML elements (moved into the
 * target namespace) and plain attributes; everything else kept is dropped and reported.
 */
function pruneKept(value: unknown, path: PathSegment[], ctx: PruneCtx): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => pruneKept(v, [...path, i], ctx));
    return;
  }
  if (!isRecord(value)) return;
  for (const [k, v] of Object.entries(value)) if (k !== 'extensions') pruneKept(v, [...path, k], ctx);
  const bag = value['extensions'];
  if (!Array.isArray(bag)) return;
  const sameSpec = SPEC_RELEASE[ctx.from] === SPEC_RELEASE[ctx.to];
  const fromNs = B2MML_NAMESPACES[ctx.from];
  const kept: Extension[] = [];
  for (const e of bag as Extension[]) {
    const where = `${pathText(path)}/${e.path}`;
    const drop = (what: string, reason: string) => ctx.report.dropped.push({ path: where, what, reason });
    if (e.as !== undefined) {
      // The name a field was read under: valid in a release of the same structure, else the target's own.
      if (sameSpec) kept.push(e);
      continue;
    }
    if (e.element) {
      if (sameSpec && e.element.ns === fromNs)
        kept.push({ ...e, element: renamespace(e.element, fromNs, B2MML_NAMESPACES[ctx.to]) });
      else
        drop(
          `element <${e.element.name}>${e.element.ns && e.element.ns !== fromNs ? ` (${e.element.ns})` : ''}`,
          e.element.ns === fromNs
            ? `B2MML ${ctx.to} has no <${e.element.name}> here`
            : `B2MML ${ctx.to} allows no elements of other namespaces here`,
        );
    } else if (e.attribute) {
      const a = e.attribute;
      const name = a.prefix ? `${a.prefix}:${a.name}` : a.name;
      if (sameSpec && a.ns === undefined) kept.push(e);
      else drop(`attribute ${name}="${a.value}"`, `B2MML ${ctx.to} declares no ${name} attribute here`);
    }
  }
  if (kept.length > 0) value['extensions'] = kept;
  else delete value['extensions'];
}

function renamespace<T extends { ns?: string | undefined; children?: T[] | undefined }>(
  el: T,
  from: string,
  to: string,
): T {
  return {
    ...el,
    ...(el.ns === from ? { ns: to } : {}),
    ...(el.children ? { children: el.children.map((c) => renamespace(c, from, to)) } : {}),
  };
}

/** The matching fill rule with the fewest wildcards. */
function ruleFor(rules: Readonly<Record<string, string>>, path: readonly PathSegment[]): [string, string] | undefined {
  let best: [string, string, number] | undefined;
  for (const [pattern, template] of Object.entries(rules)) {
    const segs = splitPattern(pattern);
    if (!matches(segs, path.map(String))) continue;
    const wild = segs.filter((s) => s === '*' || s === '**').length;
    if (!best || wild < best[2]) best = [pattern, template, wild];
  }
  return best && [best[0], best[1]];
}

/** `items[*].requests[0].id` → ['items', '*', 'requests', '0', 'id']. */
function splitPattern(pattern: string): string[] {
  return pattern
    .replace(/^\$\.?/, '')
    .replace(/\[([^\]]*)\]/g, '.$1')
    .split('.')
    .filter((s) => s !== '');
}

function matches(pattern: readonly string[], path: readonly string[]): boolean {
  if (pattern.length === 0) return path.length === 0;
  const [head, ...rest] = pattern;
  if (head === '**') return path.some((_, i) => matches(rest, path.slice(i))) || matches(rest, []);
  if (path.length === 0) return false;
  return (head === '*' || head === path[0]) && matches(rest, path.slice(1));
}

function render(template: string, doc: Record<string, unknown>, path: readonly PathSegment[]): string {
  const lastIndex = [...path].reverse().find((s): s is number => typeof s === 'number');
  const vars: Record<string, string> = {
    n: lastIndex === undefined ? '1' : String(lastIndex + 1),
    i: lastIndex === undefined ? '0' : String(lastIndex),
    path: pathText(path),
    bodId: String(getAt(doc, ['applicationArea', 'bodId']) ?? ''),
    parentId: parentId(doc, path) ?? '',
  };
  return template.replace(/\$\{(\w+)\}/g, (whole, name: string) => vars[name] ?? whole);
}

/** The id of the nearest object above the one holding `path` (the work order of a segment...). */
function parentId(doc: Record<string, unknown>, path: readonly PathSegment[]): string | undefined {
  for (let end = path.length - 2; end > 0; end--) {
    const v = getAt(doc, [...path.slice(0, end), 'id']);
    if (typeof v === 'string' && v !== '') return v;
  }
  return undefined;
}

function getAt(root: unknown, path: readonly PathSegment[]): unknown {
  let cur = root;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[String(seg)];
  }
  return cur;
}

function setAt(root: Record<string, unknown>, path: readonly PathSegment[], value: unknown): void {
  const parent = getAt(root, path.slice(0, -1));
  if (isRecord(parent)) parent[String(path.at(-1))] = value;
}

function deleteAt(root: Record<string, unknown>, path: readonly PathSegment[]): void {
  const parent = getAt(root, path.slice(0, -1));
  if (isRecord(parent)) delete parent[String(path.at(-1))];
}

/** `$.items[0].requests[1].id`, as in issue paths. */
function pathText(path: readonly PathSegment[]): string {
  return `$${path.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('')}`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
