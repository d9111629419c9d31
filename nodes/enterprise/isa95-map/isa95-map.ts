import {
  B2mmlError,
  convertB2mml,
  decodeB2mml,
  encodeB2mml,
  newBodId,
  parseDocument,
  toDateTime,
  VERBS,
  type B2mmlDocument,
  type Verb,
} from '@millwright/isa95';
import { issue, UserError, type FlowMessage, type PathSegment, type ValidationIssue } from '@millwright/model';
import { getMsgPath, parseMsgPath, setMsgPath, type NodeContext, type NodeHandlers } from '@millwright/sdk';
import { fromDocumentRoot, type Isa95MapConfig, type Mapping } from './config.js';

export interface Compiled extends Mapping {
  /** Undefined for a constant (a row without `from`). */
  fromPath: PathSegment[] | undefined;
  /** `to` as a path from the document root (noun-relative paths start at `items[0]`). */
  docPath: PathSegment[];
}

/** Creates an isa95-map instance: JSON → B2MML (with a mapping table) or B2MML → JSON. */
export function createIsa95Map(ctx: NodeContext<Isa95MapConfig>): NodeHandlers {
  const cfg = ctx.config;
  const mappings = compileMappings(cfg);
  const target = cfg.document === 'any' ? undefined : splitDocument(cfg.document);

  const write = (msg: FlowMessage): [FlowMessage, string] => {
    const { xml, bodId } = writeDocument(cfg, mappings, msg);
    const out = { ...msg, payload: xml, headers: { ...msg.headers, 'content-type': 'application/xml' }, bodId };
    return [out, cfg.document];
  };

  const read = (msg: FlowMessage): [FlowMessage, string] => {
    const r = decodeB2mml(textOf(msg.payload));
    if (!r.ok) throw new B2mmlError('invalid_b2mml', r.issues);
    const name = documentName(r.doc);
    if (target && name !== cfg.document) {
      throw new B2mmlError('invalid_b2mml', [
        issue([], 'unexpected_document', `expected ${cfg.document}, got ${name} (${r.version})`),
      ]);
    }
    const out: FlowMessage = {
      ...msg,
      bodId: r.doc.applicationArea.bodId,
      // Warnings: what a release read without its own XSD (V0700, V0500, V0401) had beyond the spec, kept.
      b2mml: { version: r.version, document: name, ...(r.warnings ? { warnings: r.warnings } : {}) },
    };
    if (mappings.length === 0) {
      out.payload = r.doc;
      return [out, name];
    }
    out.payload = {};
    const issues: ValidationIssue[] = [];
    for (const m of mappings) {
      if (!m.fromPath) continue; // config validation rejects constants when reading
      const v = convert(getMsgPath(r.doc, m.docPath) ?? m.default, m, m.fromPath, issues);
      if (v !== undefined) setMsgPath(out, m.fromPath, v);
    }
    if (issues.length > 0) throw new B2mmlError('invalid_b2mml', issues, `${name} mapping`);
    return [out, name];
  };

  const fill = Object.fromEntries(cfg.fill.map((r) => [r.path, r.value]));
  /** Any release in, `cfg.version` out; what could not be carried over is listed in msg.b2mmlReport. */
  const convertDocument = (msg: FlowMessage): [FlowMessage, string] => {
    const text = textOf(msg.payload);
    const r = convertB2mml(text, { to: cfg.version, fill });
    if (!r.ok) throw new B2mmlError('invalid_b2mml', r.issues, `conversion to ${cfg.version}`);
    // A noun on its own (no verb) comes out on its own too: its name is the noun's.
    const name = r.report.bareNoun ? r.doc.noun : documentName(r.doc);
    if (target && (r.report.bareNoun ? target.noun !== name : name !== cfg.document)) {
      throw new B2mmlError('invalid_b2mml', [
        issue([], 'unexpected_document', `expected ${cfg.document}, got ${name}`),
      ]);
    }
    const out: FlowMessage = {
      ...msg,
      payload: r.xml,
      headers: { ...msg.headers, 'content-type': 'application/xml' },
      ...(r.report.bareNoun ? {} : { bodId: r.doc.applicationArea.bodId }),
      b2mml: { version: r.report.from, document: name, convertedTo: r.report.to },
      b2mmlReport: r.report,
    };
    return [
      out,
      `${name} ${r.report.from}→${r.report.to}${r.report.dropped.length ? ` (${r.report.dropped.length} dropped)` : ''}`,
    ];
  };

  return {
    input(msg) {
      try {
        const [out, name] =
          cfg.direction === 'json-to-b2mml'
            ? write(msg)
            : cfg.direction === 'b2mml-convert'
              ? convertDocument(msg)
              : read(msg);
        ctx.status({ fill: 'green', shape: 'dot', text: name });
        ctx.send(out);
      } catch (err) {
        const issues = err instanceof B2mmlError ? err.issues : undefined;
        ctx.status({ fill: 'red', shape: 'ring', text: err instanceof UserError ? err.code : 'error' });
        // Catch nodes get the path-bearing issues as msg.issues as well as in the error message.
        ctx.error(err, issues ? { ...msg, issues } : msg);
      }
    },
  };
}

/** The mapping rows with their paths parsed once. */
export function compileMappings(cfg: Isa95MapConfig): Compiled[] {
  return cfg.mappings.map((m) => {
    const rooted = fromDocumentRoot(m.to);
    const to = parseMsgPath(rooted ?? m.to, { msgPrefix: false });
    const fromPath = m.from === undefined ? undefined : [...parseMsgPath(m.from)];
    return { ...m, fromPath, docPath: rooted === undefined ? ['items', 0, ...to] : [...to] };
  });
}

/**
 * Builds the configured document from a message and encodes it (the node's writing, and the
 * editor's preview through POST /api/isa95/preview). Throws B2mmlError with model paths.
 */
export function writeDocument(
  cfg: Isa95MapConfig,
  mappings: Compiled[],
  msg: FlowMessage,
): { xml: string; bodId: string | undefined } {
  if (cfg.document === 'any') throw new UserError('invalid_config', 'writing needs a specific document');
  const target = splitDocument(cfg.document);
  const doc = cfg.passthrough ? passthrough(msg.payload, target) : { items: [{}] };
  const issues: ValidationIssue[] = [];
  for (const m of mappings) {
    const v = convert((m.fromPath && getMsgPath(msg, m.fromPath)) ?? m.default, m, m.docPath, issues);
    if (v !== undefined) setMsgPath(doc, m.docPath, v);
  }
  if (issues.length > 0) throw new B2mmlError('invalid_b2mml', issues, `${cfg.document} mapping`);
  fillApplicationArea(doc, cfg);
  const parsed = parseDocument({ ...doc, verb: target.verb, noun: target.noun });
  if (!parsed.ok) throw new B2mmlError('invalid_b2mml', parsed.issues, `${cfg.document} document`);
  try {
    return { xml: encodeB2mml(parsed.doc, { version: cfg.version }), bodId: parsed.doc.applicationArea.bodId };
  } catch (err) {
    if (err instanceof B2mmlError) throw new B2mmlError('invalid_b2mml', err.issues, `${cfg.document} document`);
    throw err;
  }
}

function textOf(p: unknown): string {
  const text = typeof p === 'string' ? p : p instanceof Uint8Array ? new TextDecoder().decode(p) : undefined;
  if (text === undefined) {
    throw new B2mmlError('invalid_b2mml', [issue([], 'invalid_type', 'msg.payload must be XML text or a Buffer')]);
  }
  return text;
}

function splitDocument(name: string): { verb: Verb | 'Confirm'; noun: string } {
  if (name === 'ConfirmBOD') return { verb: 'Confirm', noun: 'BOD' };
  const verb = VERBS.find((v) => name.startsWith(v));
  if (!verb) throw new UserError('invalid_config', `unknown document ${name}`);
  return { verb, noun: name.slice(verb.length) };
}

const documentName = (doc: B2mmlDocument) => `${doc.verb}${doc.noun}`;

/** The document to map into: `msg.payload` with passthrough (a whole document, one noun or a list of nouns). */
function passthrough(payload: unknown, target: { verb: string; noun: string }): Record<string, unknown> {
  // A copy: the incoming message must not change under the sender's feet.
  const p: unknown = structuredClone(payload);
  if (Array.isArray(p)) return { items: p };
  if (!isRecord(p)) throw new UserError('invalid_b2mml', 'passthrough needs msg.payload to be an object or a list');
  if (!Array.isArray(p['items'])) return { items: [p] };
  for (const key of ['verb', 'noun'] as const) {
    if (p[key] !== undefined && p[key] !== target[key]) {
      throw new UserError(
        'invalid_b2mml',
        `msg.payload is a ${String(p[key])} document, the node writes ${target[key]}`,
      );
    }
  }
  const { verb: _verb, noun: _noun, ...rest } = p;
  return rest;
}

function fillApplicationArea(doc: Record<string, unknown>, cfg: Isa95MapConfig): void {
  const area = isRecord(doc['applicationArea']) ? doc['applicationArea'] : {};
  area['creationDateTime'] ??= toDateTime(new Date());
  area['bodId'] ??= newBodId();
  if (cfg.sender) {
    const sender = isRecord(area['sender']) ? area['sender'] : {};
    sender['logicalId'] ??= cfg.sender;
    area['sender'] = sender;
  }
  if (cfg.receiver) area['receivers'] ??= [{ logicalId: cfg.receiver }];
  doc['applicationArea'] = area;
}

function convert(v: unknown, m: Mapping, at: PathSegment[], issues: ValidationIssue[]): unknown {
  if (v === undefined || v === null) return undefined;
  const bad = (code: string, why: string) => {
    issues.push(issue(at, code, `${why} (mapping ${m.from ?? 'constant'} ↔ ${m.to})`));
    return undefined;
  };
  switch (m.type) {
    case undefined:
      return v;
    case 'string':
      return typeof v === 'object' ? bad('invalid_type', 'expected text, got an object') : String(v);
    case 'number': {
      const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
      return Number.isFinite(n) ? n : bad('invalid_number', `${JSON.stringify(v)} is not a number`);
    }
    case 'dateTime':
      if (!(v instanceof Date) && typeof v !== 'number' && typeof v !== 'string') {
        return bad('invalid_date_time', 'expected a Date, epoch ms or date text');
      }
      try {
        return toDateTime(v);
      } catch {
        return bad('invalid_date_time', `${JSON.stringify(v)} is not a date`);
      }
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
