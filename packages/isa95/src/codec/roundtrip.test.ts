import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareXml } from '../test-support/xml-equivalent.js';
import { maximalDocument } from '../test-support/xsd-instance.js';
import { failures, SCHEMAS_DIR, V0600_XSD, V0701_XSD, xmllint } from '../test-support/xmllint.js';
import { convertB2mml } from './convert.js';
import { decodeB2mml, decodeB2mmlNoun } from './decode.js';
import { encodeB2mml, encodeB2mmlNoun } from './encode.js';
import { B2MML_NAMESPACES, type B2mmlVersion } from './versions.js';

// Decode → encode in the same release keeps every element and attribute: documents written from
// MESA's XSDs with every optional element and attribute filled (test-support/xsd-instance.ts), a
// vendor-style V0600 schedule, a V0401 schedule, and V0700/V0500 documents (the V0701/V0600
// structure in their namespaces). Compared as XML data (test-support/xml-equivalent.ts).

const V0701_DIR = join(SCHEMAS_DIR, 'V0701/Schema');
const V0600_DIR = join(SCHEMAS_DIR, 'V0600');
const documents = (name: string) => readFileSync(new URL(`../test-support/documents/${name}`, import.meta.url), 'utf8');
const inNamespace = (xml: string, from: B2mmlVersion, to: B2mmlVersion) =>
  xml.replace(`xmlns="${B2MML_NAMESPACES[from]}"`, `xmlns="${B2MML_NAMESPACES[to]}"`);

const V0701_ROOTS = [
  'SyncOperationsSchedule',
  'SyncOperationsPerformance',
  'SyncMaterialLot',
  'SyncMaterialDefinition',
  'SyncEquipment',
  'SyncEquipmentClass',
  'SyncPerson',
  'SyncPersonnelClass',
  'AcknowledgeEquipment',
];
const V0600_ROOTS = ['ProcessProductionSchedule', 'SyncProductionPerformance', 'ConfirmBOD'];

const generated701 = Object.fromEntries(V0701_ROOTS.map((r) => [r, maximalDocument(V0701_DIR, r)]));
const generated600 = Object.fromEntries(V0600_ROOTS.map((r) => [r, maximalDocument(V0600_DIR, r)]));

interface Case {
  name: string;
  version: B2mmlVersion;
  xml: string;
}
const CASES: Case[] = [
  ...V0701_ROOTS.map((r) => ({
    name: `V0701 ${r} (all optional)`,
    version: 'V0701' as const,
    xml: generated701[r] ?? '',
  })),
  ...V0600_ROOTS.map((r) => ({
    name: `V0600 ${r} (all optional)`,
    version: 'V0600' as const,
    xml: generated600[r] ?? '',
  })),
  { name: 'V0600 vendor schedule', version: 'V0600', xml: documents('vendor-v0600-schedule.xml') },
  {
    name: 'V0700 SyncOperationsPerformance (V0701 structure)',
    version: 'V0700',
    xml: inNamespace(generated701['SyncOperationsPerformance'] ?? '', 'V0701', 'V0700'),
  },
  {
    name: 'V0500 ProcessProductionSchedule (V0600 structure)',
    version: 'V0500',
    xml: inNamespace(generated600['ProcessProductionSchedule'] ?? '', 'V0600', 'V0500'),
  },
  { name: 'V0401 schedule', version: 'V0401', xml: documents('v0401-process-production-schedule.xml') },
];

/** Each case read and written back in its own release. */
const results = CASES.map((c) => {
  const read = decodeB2mml(c.xml);
  if (!read.ok) return { ...c, read, out: '' };
  return { ...c, read, out: encodeB2mml(read.doc, { version: read.version }) };
});

describe('B2MML round trip without loss (every release)', () => {
  it('the documents written from the XSDs are valid (the V0600 ones checked here; V0701 via their equivalent output)', () => {
    expect(
      failures(xmllint({ schedule: generated600['ProcessProductionSchedule'] ?? '' }, V0600_XSD.schedule)),
    ).toEqual({});
    expect(
      failures(xmllint({ performance: generated600['SyncProductionPerformance'] ?? '' }, V0600_XSD.performance)),
    ).toEqual({});
    expect(failures(xmllint({ confirm: generated600['ConfirmBOD'] ?? '' }, V0600_XSD.confirm))).toEqual({});
  });

  it('reads every document in the release of its namespace', () => {
    expect(results.map((r) => [r.name, r.read.ok && r.read.version])).toEqual(CASES.map((c) => [c.name, c.version]));
  });

  it('decode → encode keeps every element and attribute, decimals unchanged', () => {
    let elements = 0;
    let attributes = 0;
    const differences: Record<string, string[]> = {};
    for (const r of results) {
      const cmp = compareXml(r.xml, r.out);
      elements += cmp.elements;
      attributes += cmp.attributes;
      if (cmp.differences.length > 0) differences[r.name] = cmp.differences;
    }
    expect(differences).toEqual({});
    // Figures for the issue: how much was compared.
    console.info(`round trip: ${results.length} documents, ${elements} elements, ${attributes} attributes compared`);
    expect(elements).toBeGreaterThan(3_000);
    expect(attributes).toBeGreaterThan(2_000);
  });

  it('every V0701 document written validates against MESA AllSchemas.xsd; V0600 ones against theirs', () => {
    const v0701 = Object.fromEntries(results.filter((r) => r.version === 'V0701').map((r) => [r.name, r.out]));
    expect(Object.keys(v0701)).toHaveLength(V0701_ROOTS.length);
    expect(failures(xmllint(v0701, V0701_XSD))).toEqual({});
    const out600 = (root: string) => results.find((r) => r.name === `V0600 ${root} (all optional)`)?.out ?? '';
    expect(failures(xmllint({ s: out600('ProcessProductionSchedule') }, V0600_XSD.schedule))).toEqual({});
    expect(failures(xmllint({ p: out600('SyncProductionPerformance') }, V0600_XSD.performance))).toEqual({});
  });

  it('the comparison is real: a dropped attribute, a moved element and a shortened decimal are found', () => {
    const xml = documents('vendor-v0600-schedule.xml');
    const shortened = xml.replace('<QuantityString>1.000</QuantityString>', '<QuantityString>1</QuantityString>');
    expect(compareXml(xml, shortened).differences).toEqual([
      expect.stringMatching(/EquipmentRequirement\/Quantity\/QuantityString: text "1.000" became "1"/),
    ]);
    expect(compareXml(xml, xml.replace(' xml:lang="de"', '')).differences).toHaveLength(1);
    const moved = xml.replace(/(<Location>[\s\S]*?<\/Location>)(\s*)(<Quantity>[\s\S]*?<\/Quantity>)/, '$3$2$1');
    expect(moved).not.toBe(xml);
    expect(compareXml(xml, moved).differences.length).toBeGreaterThan(0);
  });
});

describe('the vendor V0600 schedule of issue 20', () => {
  const xml = documents('vendor-v0600-schedule.xml');
  const read = decodeB2mml(xml);
  if (!read.ok) throw new Error(JSON.stringify(read.issues));
  const out = encodeB2mml(read.doc, { version: 'V0600' });

  it('keeps the five equipment Locations, xml:lang and "1.000"', () => {
    expect(out.match(/<Location>/g)).toHaveLength(6); // five, one with a nested Location
    expect(out).toContain('<Description xml:lang="de">Wochenplan Abfüllung</Description>');
    expect(out).toContain('<QuantityString>1.000</QuantityString>');
    expect(out).toContain('<QuantityString>1250.500</QuantityString>');
    const doc = read.doc.noun === 'OperationsSchedule' ? read.doc : undefined;
    const req = doc?.items[0]?.requests?.[0]?.segments?.[0]?.equipmentRequirements?.[0];
    expect(req?.quantities?.[0]?.value).toBe('1.000');
    expect(req?.extensions?.[0]).toMatchObject({ path: 'Location', after: 'EquipmentID[0]' });
  });

  it('converts to V0701 with a report naming each Location and the xml:lang it could not keep', () => {
    const converted = convertB2mml(xml, {
      fill: {
        '**.id': '${parentId}-${n}',
        '**.processSegmentId': 'PS-${n}',
        '**.operationsDefinitionId': 'PPR-SHAMPOO-250',
      },
    });
    if (!converted.ok) throw new Error(JSON.stringify(converted.issues));
    expect(converted.report.dropped.map((d) => [d.path, d.what])).toEqual([
      ['$.items[0].requests[0].segments[0].equipmentRequirements[0]/Location', 'element <Location>'],
      ['$.items[0].requests[0].segments[0].equipmentRequirements[1]/Location', 'element <Location>'],
      ['$.items[0].requests[0].segments[1].equipmentRequirements[0]/Location', 'element <Location>'],
      ['$.items[0].requests[0].segments[1].equipmentRequirements[1]/Location', 'element <Location>'],
      ['$.items[0].requests[0].segments[1].equipmentRequirements[2]/Location', 'element <Location>'],
      ['$.items[0]/Description[0]/@xml:lang', 'attribute xml:lang="de"'],
      ['$/@xsi:schemaLocation', expect.stringMatching(/^attribute xsi:schemaLocation=/)],
    ]);
    expect(converted.report.filled).toContainEqual({
      path: '$.items[0].requests[0].segments[1].equipmentRequirements[2].id',
      value: '0020-3',
      rule: '**.id',
    });
    expect(converted.xml).toContain('<QuantityString>1.000</QuantityString>');
    expect(failures(xmllint({ converted: converted.xml }, V0701_XSD))).toEqual({});
  });

  it('without fill rules the conversion fails with the paths of the IDs V0701 requires', () => {
    const converted = convertB2mml(xml);
    expect(converted.ok).toBe(false);
    if (converted.ok) return;
    expect(converted.issues[0]).toMatchObject({
      pathString: '$.items[0].requests[0].segments[0].processSegmentId',
      code: 'missing_field',
    });
    expect(converted.issues[0]?.message).toMatch(/no fill rule matches/);
  });
});

describe('older releases', () => {
  it('V0401: what the V0600 structure lacks is kept and reported as warnings with paths', () => {
    const read = decodeB2mml(documents('v0401-process-production-schedule.xml'));
    if (!read.ok) throw new Error(JSON.stringify(read.issues));
    expect(read.version).toBe('V0401');
    expect(read.warnings?.map((w) => [w.pathString, w.code])).toEqual([
      [
        '$.ProcessProductionSchedule.DataArea.ProductionSchedule[0].ProductionRequest[0].ProductProductionRuleID',
        'too_many',
      ],
      [
        '$.ProcessProductionSchedule.DataArea.ProductionSchedule[0].ProductionRequest[0].SegmentRequirement[0].Any',
        'unknown_element',
      ],
    ]);
  });

  it('converts every generated V0600 document and the V0401 one to valid V0701, reporting what was dropped', () => {
    const fill = {
      '**.id': '${parentId}-${n}',
      '**.processSegmentId': 'PS-${n}',
      '**.operationsDefinitionId': 'OD-${n}',
      '**.operationsSegmentId': 'OS-${n}',
    };
    const sources = { ...generated600, v0401: documents('v0401-process-production-schedule.xml') };
    const out: Record<string, string> = {};
    for (const [name, xml] of Object.entries(sources)) {
      const converted = convertB2mml(xml, { fill });
      if (!converted.ok) throw new Error(`${name}: ${JSON.stringify(converted.issues.slice(0, 3))}`);
      expect(converted.report.dropped.length, name).toBeGreaterThan(0);
      for (const d of converted.report.dropped)
        expect(d.path, name).toMatch(/^\$(\.\w+(\[\d+\])?)*\/(@?[\w:]+(\[\d+\])?\/?)+$/);
      out[name] = converted.xml;
    }
    expect(failures(xmllint(out, V0701_XSD))).toEqual({});
  });

  it('V0600 codes V0701 spells differently are renamed and reported (Holding → Held)', () => {
    const xml = (generated600['SyncProductionPerformance'] ?? '').replace(/(<ResponseState[^>]*>)Ready</, '$1Holding<');
    expect(xml).toContain('Holding</ResponseState>');
    const converted = convertB2mml(xml, { fill: { '**.id': '${parentId}-${n}' } });
    if (!converted.ok) throw new Error(JSON.stringify(converted.issues.slice(0, 3)));
    expect(converted.report.renamed).toEqual([
      { path: '$.items[0].responses[0].responseState', from: 'Holding', to: 'Held' },
    ]);
    expect(converted.xml).toMatch(/<ResponseState[^>]*>Held<\/ResponseState>/);
  });

  it('V0700 → V0701 carries kept elements and attributes over (same structure): nothing dropped', () => {
    const v0700 = inNamespace(generated701['SyncMaterialLot'] ?? '', 'V0701', 'V0700');
    const converted = convertB2mml(v0700);
    if (!converted.ok) throw new Error(JSON.stringify(converted.issues.slice(0, 3)));
    expect(converted.report.dropped).toEqual([]);
    expect(compareXml(generated701['SyncMaterialLot'] ?? '', converted.xml).differences).toEqual([]);
  });

  it('a V0401 ProductionSchedule on its own (no verb): read, written back without loss, converted to a V0701 OperationsSchedule', () => {
    const xml = documents('v0401-production-schedule-bare.xml');
    expect(decodeB2mml(xml)).toMatchObject({ ok: false, issues: [{ code: 'bare_noun' }] });
    const read = decodeB2mmlNoun(xml);
    if (!read.ok) throw new Error(JSON.stringify(read.issues));
    expect([read.noun, read.version, read.warnings?.length]).toEqual(['OperationsSchedule', 'V0401', 2]);
    const back = encodeB2mmlNoun(read.noun, read.item, { version: 'V0401' });
    expect(compareXml(xml, back).differences).toEqual([]);
    const converted = convertB2mml(xml, {
      fill: {
        '**.id': '${parentId}-${n}',
        '**.processSegmentId': 'PS-${n}',
        '**.operationsDefinitionId': 'PPR-CAKE',
        '**.operationsSegmentId': 'BAKE',
      },
    });
    if (!converted.ok) throw new Error(JSON.stringify(converted.issues.slice(0, 3)));
    expect(converted.report.bareNoun).toBe(true);
    expect(converted.xml).toMatch(/<OperationsSchedule xmlns="http:\/\/www.mesa.org\/xml\/B2MML">/);
    expect(converted.report.dropped.map((d) => d.path)).toContain('$.items[0]/Location');
    expect(failures(xmllint({ bare: converted.xml }, V0701_XSD))).toEqual({});
  });

  it('BatchML documents are recognised and answered unsupported_batchml, not unknown_namespace', () => {
    const read = decodeB2mml(documents('batchml-v02-master-recipe.xml'));
    expect(read).toMatchObject({ ok: false, issues: [{ code: 'unsupported_batchml' }] });
    if (!read.ok) expect(read.issues[0]?.message).toContain('BatchML V02');
  });
});
