import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DocumentOf } from '../model/document.js';
import { VERBS } from '../model/verbs.js';
import { confirmBod, withVerb } from '../test-support/fixtures.js';
import { failures, V0600_XSD, V0701_XSD, xmllint } from '../test-support/xmllint.js';
import { decodeB2mml } from './decode.js';
import { convertB2mml } from './convert.js';
import { checkB2mml, encodeB2mml } from './encode.js';

const fixture = (name: string) => readFileSync(new URL(`../test-support/v0600/${name}`, import.meta.url), 'utf8');
const scheduleXml = fixture('process-production-schedule.xml');
const performanceXml = fixture('sync-production-performance.xml');

function decodeAs<N extends 'OperationsSchedule' | 'OperationsPerformance'>(xml: string, noun: N): DocumentOf<N> {
  const r = decodeB2mml(xml);
  if (!r.ok) throw new Error(JSON.stringify(r.issues, null, 2));
  expect(r.version).toBe('V0600');
  const doc = r.doc;
  if (doc.noun !== noun) throw new Error(`expected ${noun}, got ${doc.noun}`);
  return doc as DocumentOf<N>;
}

describe('B2MML V0600 (read, and write for Production*)', () => {
  it('the hand-written V0600 fixtures are valid V0600 (checked first, so decoding is tested on real B2MML)', () => {
    expect(failures(xmllint({ scheduleXml }, V0600_XSD.schedule))).toEqual({});
    expect(failures(xmllint({ performanceXml }, V0600_XSD.performance))).toEqual({});
  });

  it('reads a ProcessProductionSchedule into the OperationsSchedule model', () => {
    const doc = decodeAs(scheduleXml, 'OperationsSchedule');
    expect(doc).toEqual({
      verb: 'Process',
      noun: 'OperationsSchedule',
      releaseId: '6.0',
      applicationArea: {
        sender: { logicalId: 'SAP-ECC', confirmationCode: 'OnError' },
        receivers: [{ logicalId: 'MES' }],
        creationDateTime: '2024-05-01T05:30:00+02:00',
        bodId: '4711-0001',
      },
      verbArea: { acknowledgeCode: 'Always' },
      items: [
        {
          extensions: [
            {
              path: 'Location',
              after: 'ID[0]',
              element: {
                name: 'Location',
                ns: 'http://www.mesa.org/xml/B2MML-V0600',
                children: [
                  { name: 'EquipmentID', ns: 'http://www.mesa.org/xml/B2MML-V0600', text: 'Plant1' },
                  { name: 'EquipmentElementLevel', ns: 'http://www.mesa.org/xml/B2MML-V0600', text: 'Site' },
                ],
              },
            },
          ],
          id: 'PS-18',
          operationsType: 'Production',
          requests: [
            {
              id: '1000123',
              descriptions: ['Bottle 0.5 l'],
              operationsDefinitionId: 'PPR-BOTTLE',
              hierarchyScope: {
                equipmentId: 'Plant1',
                equipmentLevel: 'Site',
                child: { equipmentId: 'Line1', equipmentLevel: 'ProductionLine' },
              },
              startTime: '2024-05-01T06:00:00+02:00',
              endTime: '2024-05-01T14:00:00+02:00',
              priority: '1',
              requestState: 'Released',
              operationsType: 'Production',
              segments: [
                {
                  id: '0010',
                  operationsSegmentId: 'FILL',
                  processSegmentId: 'PS-FILL',
                  earliestStartTime: '2024-05-01T06:00:00+02:00',
                  duration: 'PT8H',
                  // The deprecated elements the two requirements were read from, to write them back so.
                  extensions: [
                    { path: 'MaterialRequirement[0]', as: 'MaterialProducedRequirement' },
                    { path: 'MaterialRequirement[1]', as: 'MaterialConsumedRequirement' },
                  ],
                  parameters: [{ id: 'fillVolume', values: [{ value: '500', unit: 'ml' }] }],
                  personnelRequirements: [{ personnelClassIds: ['Operator'], quantities: [{ value: '2' }] }],
                  equipmentRequirements: [{ equipmentIds: ['Filler1'] }],
                  materialRequirements: [
                    {
                      materialDefinitionIds: ['BOTTLE-05'],
                      quantities: [{ value: '10000', unit: 'PCE' }],
                      materialUse: 'Produced',
                    },
                    {
                      materialDefinitionIds: ['PREFORM'],
                      materialLotIds: ['LOT-77'],
                      quantities: [{ value: '10100', unit: 'PCE' }],
                      materialUse: 'Consumed',
                    },
                  ],
                },
              ],
            },
          ],
        },
      ],
    });
  });

  it('reads a SyncProductionPerformance, folding MaterialProducedActual into materialActuals', () => {
    const doc = decodeAs(performanceXml, 'OperationsPerformance');
    const response = doc.items[0]?.responses?.[0];
    expect(doc.items[0]).toMatchObject({
      id: 'PP-1000123',
      operationsScheduleId: 'PS-18',
      operationsType: 'Production',
    });
    expect(response).toMatchObject({ id: '1000123-1', operationsRequestIds: ['1000123'], responseState: 'Completed' });
    expect(response?.segments?.[0]).toEqual({
      id: '0010',
      extensions: [{ path: 'MaterialActual[1]', as: 'MaterialProducedActual' }],
      operationsSegmentIds: ['FILL'],
      actualStartTime: '2024-05-01T04:02:00Z',
      actualEndTime: '2024-05-01T11:58:00Z',
      segmentData: [{ id: 'avgTemp', values: [{ value: '21.5' }] }],
      personnelActuals: [{ personIds: ['op-7'] }],
      equipmentActuals: [{ equipmentIds: ['Filler1'], quantities: [{ value: '476', unit: 'min' }] }],
      materialActuals: [
        { materialDefinitionIds: ['PREFORM'], materialUse: 'Consumed', quantities: [{ value: '10000' }] },
        {
          materialDefinitionIds: ['BOTTLE-05'],
          materialLotIds: ['LOT-B-1'],
          materialUse: 'Produced',
          quantities: [
            { value: '9812', unit: 'PCE', key: 'Good' },
            { value: '188', unit: 'PCE', key: 'Reject' },
          ],
        },
      ],
      segmentState: 'Completed',
    });
  });

  it('writes V0600 Production* and ConfirmBOD that validate against the V0600 XSDs and read back equal', () => {
    const schedule = decodeAs(scheduleXml, 'OperationsSchedule');
    const performance = decodeAs(performanceXml, 'OperationsPerformance');
    const written = {
      schedule: encodeB2mml(schedule, { version: 'V0600' }),
      performance: encodeB2mml(performance, { version: 'V0600' }),
      confirm: encodeB2mml(confirmBod, { version: 'V0600' }),
    };
    expect(written.schedule).toContain(
      '<ProcessProductionSchedule xmlns="http://www.mesa.org/xml/B2MML-V0600" releaseID="6.0">',
    );
    // A deprecated element read is written back as read; the model alone never writes one.
    expect(written.performance).toContain('<MaterialProducedActual>');
    const segment = performance.items[0]?.responses?.[0]?.segments?.[0];
    const fresh = structuredClone(performance);
    delete fresh.items[0]?.responses?.[0]?.segments?.[0]?.extensions;
    expect(segment?.extensions).toHaveLength(1);
    expect(encodeB2mml(fresh, { version: 'V0600' })).not.toContain('MaterialProducedActual');
    expect(failures(xmllint({ schedule: written.schedule }, V0600_XSD.schedule))).toEqual({});
    expect(failures(xmllint({ performance: written.performance }, V0600_XSD.performance))).toEqual({});
    expect(failures(xmllint({ confirm: written.confirm }, V0600_XSD.confirm))).toEqual({});
    expect(decodeB2mml(written.schedule)).toEqual({ ok: true, doc: schedule, version: 'V0600' });
    expect(decodeB2mml(written.performance)).toEqual({ ok: true, doc: performance, version: 'V0600' });
    expect(decodeB2mml(written.confirm)).toEqual({ ok: true, doc: confirmBod, version: 'V0600' });
  });

  it('writes every verb of both V0600 documents, valid against their XSDs', () => {
    const schedule = decodeAs(scheduleXml, 'OperationsSchedule');
    const performance = decodeAs(performanceXml, 'OperationsPerformance');
    for (const [doc, xsd] of [
      [schedule, V0600_XSD.schedule],
      [performance, V0600_XSD.performance],
    ] as const) {
      const docs = Object.fromEntries(VERBS.map((verb) => [verb, withVerb(doc, verb)]));
      const xml = Object.fromEntries(
        Object.entries(docs).map(([verb, d]) => [verb, encodeB2mml(d, { version: 'V0600' })]),
      );
      expect(failures(xmllint(xml, xsd))).toEqual({});
      for (const verb of VERBS) {
        expect(decodeB2mml(xml[verb] ?? '')).toEqual({ ok: true, doc: docs[verb], version: 'V0600' });
      }
    }
  });

  it('converts a V0600 work order to V0701 once the ids V0701 requires are filled in', () => {
    const doc = decodeAs(scheduleXml, 'OperationsSchedule');
    const segmentPath = '$.items[0].requests[0].segments[0]';
    expect(checkB2mml(doc).map((i) => [i.pathString, i.code])).toEqual([
      [`${segmentPath}.operationsDefinitionId`, 'missing_field'],
      [`${segmentPath}.personnelRequirements[0].id`, 'missing_field'],
      [`${segmentPath}.equipmentRequirements[0].id`, 'missing_field'],
      [`${segmentPath}.materialRequirements[0].id`, 'missing_field'],
      [`${segmentPath}.materialRequirements[1].id`, 'missing_field'],
      // The V0600 Location kept on read has no place in V0701: encodeB2mml refuses, convertB2mml drops and reports.
      ['$.items[0].extensions', 'not_in_version'],
    ]);
    const fill = {
      'items[*].requests[*].segments[*].operationsDefinitionId': 'PPR-BOTTLE',
      'items[*].requests[*].segments[*].personnelRequirements[*].id': 'PR-${i}',
      'items[*].requests[*].segments[*].equipmentRequirements[*].id': 'ER-${i}',
      'items[*].requests[*].segments[*].materialRequirements[*].id': 'MR-${i}',
    };
    const converted = convertB2mml(scheduleXml, { fill });
    if (!converted.ok) throw new Error(JSON.stringify(converted.issues));
    expect(converted.report.dropped).toEqual([
      {
        path: '$.items[0]/Location',
        what: 'element <Location>',
        reason: 'B2MML V0701 has no <Location> here',
      },
    ]);
    expect(converted.report.filled.map((f) => [f.path, f.value])).toEqual([
      ['$.items[0].requests[0].segments[0].operationsDefinitionId', 'PPR-BOTTLE'],
      ['$.items[0].requests[0].segments[0].personnelRequirements[0].id', 'PR-0'],
      ['$.items[0].requests[0].segments[0].equipmentRequirements[0].id', 'ER-0'],
      ['$.items[0].requests[0].segments[0].materialRequirements[0].id', 'MR-0'],
      ['$.items[0].requests[0].segments[0].materialRequirements[1].id', 'MR-1'],
    ]);
    expect(failures(xmllint({ v0701: converted.xml }, V0701_XSD))).toEqual({});
  });

  it('refuses to write what V0600 has no place for', () => {
    const doc = decodeAs(scheduleXml, 'OperationsSchedule');
    const item = doc.items[0];
    if (item) {
      item.operationsType = 'Maintenance';
      item.version = '2';
    }
    expect(checkB2mml(doc, { version: 'V0600' }).map((i) => [i.pathString, i.code])).toEqual([
      ['$.items[0].version', 'not_in_version'],
      ['$.items[0].operationsType', 'not_in_version'],
    ]);
    const lot = { ...doc, noun: 'MaterialLot', items: [{ id: 'L1' }] };
    expect(checkB2mml(lot, { version: 'V0600' })).toMatchObject([{ path: ['noun'], code: 'unsupported_document' }]);
  });
});
