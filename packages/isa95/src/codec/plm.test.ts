import { describe, expect, it } from 'vitest';
import type { B2mmlDocument } from '../model/document.js';
import { VERBS } from '../model/verbs.js';
import { withVerb } from '../test-support/fixtures.js';
import { PLM_FIXTURES, productDefinition } from '../test-support/plm-fixtures.js';
import { failures, V0701_XSD, xmllint } from '../test-support/xmllint.js';
import { decodeB2mml } from './decode.js';
import { encodeB2mml } from './encode.js';

/** The four PLM nouns with every verb: 32 documents. */
const ALL: Record<string, B2mmlDocument> = {};
for (const doc of PLM_FIXTURES) for (const verb of VERBS) ALL[`${verb}${doc.noun}`] = withVerb(doc, verb);
const encoded = Object.fromEntries(Object.entries(ALL).map(([name, doc]) => [name, encodeB2mml(doc)]));

describe('PLM master data (B2MML V0701)', () => {
  it('writes documents that validate against MESA AllSchemas.xsd (4 nouns x 8 verbs)', () => {
    expect(Object.keys(encoded)).toHaveLength(32);
    expect(failures(xmllint(encoded, V0701_XSD))).toEqual({});
  });

  // XML → model → XML gives the same text: nothing is lost or reordered, decimals are unchanged.
  it.each(Object.keys(ALL))('round-trips %s', (name) => {
    const read = decodeB2mml(encoded[name] ?? '');
    if (!read.ok) throw new Error(JSON.stringify(read.issues));
    expect(read.version).toBe('V0701');
    expect(encodeB2mml(read.doc)).toBe(encoded[name]);
  });

  it('reads back the model it wrote (ids, codes, nesting)', () => {
    const read = decodeB2mml(encoded['SyncOperationsDefinition'] ?? '');
    if (!read.ok || read.doc.noun !== 'OperationsDefinition') throw new Error('not read');
    const def = read.doc.items[0];
    expect(def?.segments?.map((s) => s.id)).toEqual(['SEG-DRY', 'SEG-MOLD']);
    expect(def?.segments?.[1]?.parameters?.[0]).toEqual(productDefinition.segments?.[1]?.parameters?.[0]);
    expect(def?.segments?.[1]?.children).toEqual([{ id: 'SEG-MOLD-FILL', duration: 'PT2S' }]);
    expect(
      def?.segments?.[1]?.materialSpecifications?.map((m) => [m.id, m.materialUse, String(m.quantities?.[0]?.value)]),
    ).toEqual([
      ['MS-RESIN', 'Consumed', '0.125'],
      ['MS-PART', 'Produced', '1'],
    ]);
  });

  it('writes the definition head in OperationsDefinitionType order (Description before Version)', () => {
    const xml = encoded['SyncOperationsDefinition'] ?? '';
    expect(xml).toMatch(/<ID>PD-PART-A<\/ID>\s*<Description>Part A, revision B<\/Description>\s*<Version>B<\/Version>/);
    expect(xml).toContain('<ParameterSpecification>');
    expect(xml).toMatch(/<MaterialUse>Consumed<\/MaterialUse>/);
  });

  it('the XSD check is real: a routing step with an unknown dependency code is refused before writing', () => {
    const bad = {
      ...PLM_FIXTURES[0],
      items: [{ ...productDefinition, segments: [{ id: 'S', dependencies: [{ id: 'D', dependency: 'Whenever' }] }] }],
    } as B2mmlDocument;
    expect(() => encodeB2mml(bad)).toThrow(/dependency/i);
  });

  it('reads ProductSegmentID and ProcessSegmentID of a SegmentDependency as segment ids', () => {
    const xml = (encoded['SyncOperationsDefinition'] ?? '').replace(
      '<SegmentID>SEG-DRY</SegmentID>',
      '<ProductSegmentID>SEG-DRY</ProductSegmentID>',
    );
    expect(xml).toContain('ProductSegmentID');
    expect(failures(xmllint({ xml }, V0701_XSD))).toEqual({});
    const read = decodeB2mml(xml);
    expect(
      read.ok && read.doc.noun === 'OperationsDefinition' && read.doc.items[0]?.segments?.[1]?.dependencies,
    ).toEqual([
      {
        id: 'DEP-1',
        descriptions: ['after drying'],
        dependency: 'AfterEnd',
        segmentIds: ['SEG-DRY'],
        // The name it was read under, so that writing it back keeps <ProductSegmentID>.
        extensions: [{ path: 'SegmentID[0]', as: 'ProductSegmentID' }],
      },
    ]);
  });
});
