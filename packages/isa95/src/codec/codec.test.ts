import { describe, expect, it } from 'vitest';
import { VERBS } from '../model/verbs.js';
import { confirmBod, NOUN_FIXTURES, performance, withVerb, workOrder } from '../test-support/fixtures.js';
import { failures, V0701_XSD, xmllint } from '../test-support/xmllint.js';
import { B2mmlError } from './b2mml.error.js';
import { decodeB2mml } from './decode.js';
import { checkB2mml, encodeB2mml } from './encode.js';
import type { B2mmlDocument } from '../model/document.js';

/** Every noun with every verb, plus ConfirmBOD: 65 documents. */
const ALL: Record<string, B2mmlDocument> = { ConfirmBOD: confirmBod };
for (const doc of NOUN_FIXTURES) for (const verb of VERBS) ALL[`${verb}${doc.noun}`] = withVerb(doc, verb);

const encoded = Object.fromEntries(Object.entries(ALL).map(([name, doc]) => [name, encodeB2mml(doc)]));

describe('B2MML V0701 codec', () => {
  it('writes documents that validate against MESA AllSchemas.xsd (every noun x verb, ConfirmBOD)', () => {
    expect(Object.keys(encoded)).toHaveLength(65);
    expect(failures(xmllint(encoded, V0701_XSD))).toEqual({});
  });

  it('the XSD check is real: xmllint rejects elements out of sequence order', () => {
    const xml = encoded['SyncOperationsPerformance'] ?? '';
    const swapped = xml.replace(/(<ID>PERF-WO-1001<\/ID>)(\s*)(<StartTime>[^<]*<\/StartTime>)/, '$3$2$1');
    expect(swapped).not.toBe(xml);
    const result = failures(xmllint({ swapped }, V0701_XSD));
    expect(result['swapped']).toMatch(/StartTime.*This element is not expected/);
  });

  it.each(Object.keys(ALL))('round-trips %s', (name) => {
    const back = decodeB2mml(encoded[name] ?? '');
    expect(back).toEqual({ ok: true, doc: ALL[name], version: 'V0701' });
  });

  it('names the root after verb and noun, in the B2MML namespace, with releaseID', () => {
    const xml = encoded['ProcessOperationsSchedule'] ?? '';
    expect(xml).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<ProcessOperationsSchedule xmlns="http:\/\/www.mesa.org\/xml\/B2MML" releaseID="7.01">/,
    );
    expect(xml).toContain('<Process acknowledgeCode="OnError"/>');
    // ConfirmBOD declares no releaseID: writing one would not validate.
    expect(encoded['ConfirmBOD']).toMatch(/<ConfirmBOD xmlns="http:\/\/www.mesa.org\/xml\/B2MML">/);
  });

  it('writes an empty verb element when the document has no verb details', () => {
    expect(encoded['SyncOperationsPerformance']).toContain('<Sync/>');
  });

  it('escapes markup in text and writes OperationsPerformance end time as the XSD spells it (Endtime)', () => {
    expect(encoded['ProcessOperationsSchedule']).toContain('Bottles 0.5 l &amp; caps &lt;blue&gt;');
    expect(encoded['SyncOperationsPerformance']).toContain('<Endtime>2024-05-01T13:58:00Z</Endtime>');
  });

  it('fills in a default releaseID and writes one line when asked', () => {
    const { releaseId: _r, ...doc } = performance;
    const xml = encodeB2mml(doc, { pretty: false });
    expect(xml).not.toContain('\n<');
    const back = decodeB2mml(xml);
    expect(back.ok && back.doc.releaseId).toBe('7.01');
  });

  it('writes decimals without exponents so they read back exactly', () => {
    const xml = encoded['SyncOperationsPerformance'] ?? '';
    expect(xml).toContain('<QuantityString>-0.000001</QuantityString>');
    expect(encoded['ProcessOperationsSchedule']).toContain('<Priority>2.5</Priority>');
  });
});

describe('encodeB2mml refuses documents that would not validate', () => {
  const issuesOf = (fn: () => unknown) => {
    try {
      fn();
    } catch (err) {
      expect(err).toBeInstanceOf(B2mmlError);
      const e = err as B2mmlError;
      expect(e.code).toBe('invalid_b2mml_model');
      return e.issues.map((i) => [i.pathString, i.code]);
    }
    throw new Error('expected encodeB2mml to throw');
  };

  it('reports V0701 required elements the model leaves out, with model paths', () => {
    const doc = structuredClone(performance);
    const resp = doc.items[0]?.responses?.[1];
    delete resp?.segments?.[0]?.materialActuals?.[1]?.id;
    delete doc.items[0]?.responses?.[0]?.id;
    expect(issuesOf(() => encodeB2mml(doc))).toEqual([
      ['$.items[0].responses[0].id', 'missing_field'],
      ['$.items[0].responses[1].segments[0].materialActuals[1].id', 'missing_field'],
    ]);
  });

  it('reports model type errors (zod) before writing anything', () => {
    const doc = structuredClone(performance) as unknown as { items: { responses: { id: unknown }[] }[] };
    const first = doc.items[0]?.responses[0];
    if (first) first.id = 42;
    expect(issuesOf(() => encodeB2mml(doc as unknown as B2mmlDocument))).toEqual([
      ['$.items[0].responses[0].id', 'invalid_type'],
    ]);
  });

  it('reports codes the release does not know and empty required lists', () => {
    const doc = structuredClone(workOrder);
    const req = doc.items[0]?.requests?.[1];
    if (req) {
      req.requestState = 'Holding';
      req.segments = [];
    }
    expect(issuesOf(() => encodeB2mml(doc))).toEqual([
      ['$.items[0].requests[1].requestState', 'invalid_code'],
      ['$.items[0].requests[1].segments', 'missing_field'],
    ]);
  });

  it('reports control characters XML cannot carry', () => {
    const doc = structuredClone(performance);
    const item = doc.items[0];
    if (item) item.descriptions = ['bell \u0007'];
    expect(checkB2mml(doc).map((i) => [i.pathString, i.code])).toEqual([
      ['$.items[0].descriptions[0]', 'invalid_character'],
    ]);
  });
});
