import { describe, expect, it } from 'vitest';
import { performance } from '../test-support/fixtures.js';
import { decodeB2mml } from './decode.js';
import { encodeB2mml } from './encode.js';

const valid = encodeB2mml(performance);
const NS = 'http://www.mesa.org/xml/B2MML';

/** Replaces exactly one occurrence, so a typo in a test cannot silently leave the input valid. */
function edit(xml: string, from: string | RegExp, to: string): string {
  const out = xml.replace(from, to);
  if (out === xml) throw new Error(`edit did not apply: ${String(from)}`);
  return out;
}

const issues = (xml: string, options?: Parameters<typeof decodeB2mml>[1]) => {
  const r = decodeB2mml(xml, options);
  if (r.ok) throw new Error('expected faults');
  return r.issues;
};
const brief = (xml: string) => issues(xml).map((i) => [i.pathString, i.code]);

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

describe('decodeB2mml faults carry the path of each fault', () => {
  it('a non-numeric quantity deep in the document', () => {
    const [first, ...rest] = issues(
      edit(valid, '<QuantityString>9812</QuantityString>', '<QuantityString>lots</QuantityString>'),
    );
    expect(rest).toEqual([]);
    expect(first).toEqual({
      path: [
        'SyncOperationsPerformance',
        'DataArea',
        'OperationsPerformance',
        0,
        'OperationsResponse',
        1,
        'SegmentResponse',
        0,
        'MaterialActual',
        0,
        'Quantity',
        0,
        'QuantityString',
      ],
      pathString:
        '$.SyncOperationsPerformance.DataArea.OperationsPerformance[0].OperationsResponse[1].SegmentResponse[0].MaterialActual[0].Quantity[0].QuantityString',
      code: 'invalid_number',
      message: '"lots" is not a number',
    });
  });

  it('a missing CreationDateTime and a missing releaseID', () => {
    const xml = edit(edit(valid, /<CreationDateTime>[^<]*<\/CreationDateTime>/, ''), ' releaseID="7.01"', '');
    expect(brief(xml)).toEqual([
      ['$.SyncOperationsPerformance["@releaseID"]', 'missing_attribute'],
      ['$.SyncOperationsPerformance.ApplicationArea.CreationDateTime', 'missing_element'],
    ]);
  });

  it('every fault at once: bad date, unknown code, unknown element, missing required ID', () => {
    let xml = edit(valid, '<ActualStartTime>2024-05-01T06:02:00Z', '<ActualStartTime>yesterday');
    xml = edit(xml, '<ResponseState>Running</ResponseState>', '<ResponseState>Sleeping</ResponseState>');
    xml = edit(xml, '<ID>SR-0</ID>', '<Colour>red</Colour>');
    expect(brief(xml)).toEqual([
      [
        '$.SyncOperationsPerformance.DataArea.OperationsPerformance[0].OperationsResponse[0].ResponseState',
        'invalid_code',
      ],
      [
        '$.SyncOperationsPerformance.DataArea.OperationsPerformance[0].OperationsResponse[0].SegmentResponse[0].Colour',
        'unknown_element',
      ],
      [
        '$.SyncOperationsPerformance.DataArea.OperationsPerformance[0].OperationsResponse[0].SegmentResponse[0].ID',
        'missing_element',
      ],
      [
        '$.SyncOperationsPerformance.DataArea.OperationsPerformance[0].OperationsResponse[1].SegmentResponse[0].ActualStartTime',
        'invalid_date_time',
      ],
    ]);
  });

  it('elements out of sequence order and repeated single elements', () => {
    let xml = edit(valid, /(<ID>PERF-WO-1001<\/ID>)(\s*)(<StartTime>[^<]*<\/StartTime>)/, '$3$2$1');
    xml = edit(xml, '<ID>RESP-1</ID>', '<ID>RESP-1</ID><ID>again</ID>');
    const found = issues(xml);
    expect(found.map((i) => [i.pathString, i.code])).toEqual([
      ['$.SyncOperationsPerformance.DataArea.OperationsPerformance[0].ID', 'out_of_order'],
      ['$.SyncOperationsPerformance.DataArea.OperationsPerformance[0].OperationsResponse[0].ID', 'too_many'],
    ]);
    expect(found[0]?.message).toBe('<ID> must come before <StartTime>');
  });

  it('elements where text belongs', () => {
    const xml = edit(valid, '<BODID>bod-2</BODID>', '<BODID><ID>bod-2</ID></BODID>');
    expect(brief(xml)).toEqual([['$.SyncOperationsPerformance.ApplicationArea.BODID', 'invalid_type']]);
  });
});

describe('decodeB2mml refuses what is not B2MML', () => {
  it('malformed XML, with line and column', () => {
    const [i] = issues(
      '<?xml version="1.0"?>\n<SyncOperationsPerformance>\n  <DataArea></Data>\n</SyncOperationsPerformance>',
    );
    expect(i?.code).toBe('malformed_xml');
    expect(i?.path).toEqual([]);
    expect(i?.message).toMatch(/^line 3, column \d+: .*DataArea/);
    expect(issues('')[0]?.code).toBe('malformed_xml');
  });

  it('DTDs and entity definitions (XML bombs) before parsing anything', () => {
    const bomb =
      '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\n' +
      `<SyncOperationsPerformance xmlns="${NS}">&lol2;</SyncOperationsPerformance>`;
    const [i] = issues(bomb);
    expect(i).toMatchObject({
      code: 'dtd_not_allowed',
      message: 'line 2, column 1: DOCTYPE and ENTITY declarations are not allowed',
    });
  });

  it('undeclared entities', () => {
    expect(brief(edit(valid, '<ID>RESP-1</ID>', '<ID>&ouml;</ID>'))).toEqual([['$', 'malformed_xml']]);
  });

  it('documents over the size limit and nesting beyond the depth limit', () => {
    expect(issues(valid, { maxLength: 1000 })[0]).toMatchObject({ code: 'too_large', path: [] });
    const deep = `<a xmlns="${NS}">${'<b>'.repeat(150)}${'</b>'.repeat(150)}</a>`;
    expect(issues(deep)[0]?.code).toBe('too_deep');
  });

  it('other namespaces and unsupported documents', () => {
    expect(brief(valid.replace(` xmlns="${NS}"`, ''))).toEqual([['$.SyncOperationsPerformance', 'unknown_namespace']]);
    expect(brief(valid.replace(NS, 'urn:other'))).toEqual([['$.SyncOperationsPerformance', 'unknown_namespace']]);
    const work = `<SyncWorkSchedule xmlns="${NS}" releaseID="7.01"/>`;
    expect(issues(work)[0]).toMatchObject({ path: ['SyncWorkSchedule'], code: 'unknown_document' });
    // V0600 names in the V0701 namespace are not V0701 documents.
    expect(brief(`<SyncProductionPerformance xmlns="${NS}" releaseID="7.01"/>`)).toEqual([
      ['$.SyncProductionPerformance', 'unknown_document'],
    ]);
  });
});

describe('decodeB2mml accepts what valid B2MML may contain', () => {
  it('namespace prefixes, extension elements, xsi attributes, comments', () => {
    const xml =
      `<b:SyncOperationsPerformance xmlns:b="${NS}" xmlns:x="urn:vendor" ` +
      `xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="${NS} AllSchemas.xsd" releaseID="7.01">` +
      '<b:ApplicationArea><b:CreationDateTime>2024-05-01T08:00:00Z</b:CreationDateTime><!-- note --></b:ApplicationArea>' +
      '<b:DataArea><b:Sync/><b:OperationsPerformance><b:ID>P</b:ID>' +
      '<b:OperationsResponse><b:ID>R</b:ID><b:SegmentResponse><b:ID>S</b:ID><x:Shift>2</x:Shift></b:SegmentResponse>' +
      '</b:OperationsResponse></b:OperationsPerformance></b:DataArea></b:SyncOperationsPerformance>';
    expect(decodeB2mml(xml)).toEqual({
      ok: true,
      version: 'V0701',
      doc: {
        verb: 'Sync',
        noun: 'OperationsPerformance',
        releaseId: '7.01',
        applicationArea: { creationDateTime: '2024-05-01T08:00:00Z' },
        // Kept, not dropped: the xsi attribute and the vendor element, with where they were.
        extensions: [
          {
            path: '@xsi:schemaLocation',
            attribute: { name: 'schemaLocation', ns: XSI, prefix: 'xsi', value: `${NS} AllSchemas.xsd` },
          },
        ],
        items: [
          {
            id: 'P',
            responses: [
              {
                id: 'R',
                segments: [
                  {
                    id: 'S',
                    extensions: [
                      {
                        path: 'Shift',
                        after: 'ID[0]',
                        element: { name: 'Shift', ns: 'urn:vendor', prefix: 'x', text: '2' },
                      },
                    ],
                  },
                ],
              },
            ],
          },
        ],
      },
    });
  });

  it('character references, CDATA, EquipmentElementLevel and EndTime spellings', () => {
    let xml = edit(valid, '<ID>RESP-1</ID>', '<ID>A&#66;&#x43; &amp;amp; <![CDATA[<raw> &amp;]]></ID>');
    xml = edit(xml, '<Endtime>', '<EndTime>');
    xml = edit(xml, '</Endtime>', '</EndTime>');
    xml = edit(xml, '<EquipmentLevel>Site</EquipmentLevel>', '<EquipmentElementLevel>Site</EquipmentElementLevel>');
    const r = decodeB2mml(xml);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const item = r.doc.noun === 'OperationsPerformance' ? r.doc.items[0] : undefined;
    expect(item?.responses?.[0]?.id).toBe('ABC &amp; <raw> &amp;');
    expect(item?.endTime).toBe('2024-05-01T13:58:00Z');
    expect(item?.responses?.[1]?.hierarchyScope?.equipmentLevel).toBe('Site');
  });
});
