import { decodeB2mml } from '@millwright/isa95';
import { toJsonSchema } from '@millwright/sdk';
import { describe, expect, it } from 'vitest';
import { isa95MapConfig } from './config.js';
import { countMsg, firstError, performanceMappings, run, sample, XSD, xmllint } from './test-fixtures.js';

describe('isa95-map json-to-b2mml', () => {
  it('builds a SyncOperationsPerformance from message fields that validates against the V0701 XSDs', async () => {
    const harness = await run({
      document: 'SyncOperationsPerformance',
      sender: 'MES-L1',
      receiver: 'ERP',
      mappings: performanceMappings,
    });
    harness.input({ ...countMsg, headers: { 'x-plant': '1' } });
    const [out] = await harness.next();
    const xml = String(out?.payload);
    expect(xmllint([xml], XSD.V0701)).toEqual([]);
    expect(out?.headers).toEqual({ 'x-plant': '1', 'content-type': 'application/xml' });
    expect(typeof out?.['bodId']).toBe('string');
    expect(xml).toContain(`<BODID>${String(out?.['bodId'])}</BODID>`);
    const back = decodeB2mml(xml);
    if (!back.ok || back.doc.noun !== 'OperationsPerformance') throw new Error('unexpected document');
    expect(back.doc.applicationArea).toMatchObject({
      sender: { logicalId: 'MES-L1' },
      receivers: [{ logicalId: 'ERP' }],
    });
    expect(back.doc.items[0]?.responses?.[0]).toEqual({
      id: 'WO-1001',
      operationsRequestIds: ['WO-1001'],
      responseState: 'Completed',
      segments: [
        {
          id: 'SR-1',
          actualStartTime: '2024-05-01T04:00:00.000Z',
          actualEndTime: '2024-05-01T11:58:00Z',
          equipmentActuals: [{ id: 'Line1', equipmentIds: ['Line1'] }],
          materialActuals: [
            {
              id: 'MA-1',
              materialUse: 'Produced',
              quantities: [
                { value: '9812', key: 'Good' },
                { value: '188', key: 'Reject' },
              ],
            },
          ],
        },
      ],
    });
    expect(harness.statuses(harness.nodeId).at(-1)?.status).toEqual({
      fill: 'green',
      shape: 'dot',
      text: 'SyncOperationsPerformance',
    });
  });

  it('writes V0600 ProcessProductionSchedule when asked, valid against the V0600 XSD', async () => {
    const harness = await run({
      document: 'ProcessOperationsSchedule',
      version: 'V0600',
      mappings: [
        { from: 'payload.order', to: 'requests[0].id' },
        {
          from: 'payload.qty',
          to: 'requests[0].segments[0].materialRequirements[0].quantities[0].value',
          type: 'number',
        },
        { from: 'payload.part', to: 'requests[0].segments[0].materialRequirements[0].materialDefinitionIds[0]' },
      ],
    });
    harness.input({ payload: { order: 'WO-7', qty: '500', part: 'BOTTLE-05' } });
    const [out] = await harness.next();
    const xml = String(out?.payload);
    expect(xml).toContain('<ProcessProductionSchedule xmlns="http://www.mesa.org/xml/B2MML-V0600" releaseID="6.0">');
    expect(xmllint([xml], XSD.V0600schedule)).toEqual([]);
  });

  it('passthrough starts from msg.payload as the typed model; mappings apply on top', async () => {
    const harness = await run({
      document: 'ProcessMaterialLot',
      passthrough: true,
      mappings: [{ from: 'correlationId', to: '$.applicationArea.bodId' }],
    });
    const lot = { id: 'LOT-1', materialDefinitionId: 'BOTTLE-05', quantities: [{ value: '9812', unit: 'pcs' }] };
    const payload = { ...lot };
    harness.input({ payload, correlationId: 'corr-42' });
    const [out] = await harness.next();
    expect(out?.['bodId']).toBe('corr-42');
    expect(xmllint([String(out?.payload)], XSD.V0701)).toEqual([]);
    const back = decodeB2mml(String(out?.payload));
    expect(back.ok && back.doc.items).toEqual([lot]);
    expect(payload).toEqual(lot);
  });

  it('passthrough takes a whole document too, and refuses one of another noun', async () => {
    const harness = await run({ document: 'ProcessOperationsSchedule', passthrough: true, sender: 'MES' });
    harness.input({ payload: sample });
    const [out] = await harness.next();
    const back = decodeB2mml(String(out?.payload));
    expect(back.ok && back.doc).toEqual({
      ...sample,
      releaseId: '7.01',
      applicationArea: { ...sample.applicationArea, sender: { logicalId: 'MES' } },
    });
    harness.input({ payload: { ...sample, noun: 'MaterialLot' } });
    const e = await firstError(harness);
    expect(e.error.message).toBe('msg.payload is a MaterialLot document, the node writes OperationsSchedule');
  });

  it('reports what the document lacks, with model paths, as invalid_b2mml', async () => {
    const harness = await run({
      document: 'SyncOperationsPerformance',
      mappings: performanceMappings.filter((m) => m.to !== 'responses[0].id'),
    });
    harness.input(countMsg);
    const e = await firstError(harness);
    expect(e.error.code).toBe('invalid_b2mml');
    expect(e.error.kind).toBe('user');
    expect(e.error.message).toBe(
      'invalid SyncOperationsPerformance document: $.items[0].responses[0].id: B2MML V0701 OperationsResponseType requires <ID>',
    );
    expect(harness.outputs(harness.nodeId)).toEqual([]);
    expect(harness.statuses(harness.nodeId).at(-1)?.status).toMatchObject({ fill: 'red', text: 'invalid_b2mml' });
  });

  it('reports values that do not convert, naming the mapping', async () => {
    const harness = await run({ document: 'SyncOperationsPerformance', mappings: performanceMappings });
    harness.input({ payload: { ...countMsg.payload, good: 'many', start: 'soon' } });
    const e = await firstError(harness);
    expect(e.error.message).toContain(
      '$.items[0].responses[0].segments[0].actualStartTime: "soon" is not a date (mapping payload.start ↔ responses[0].segments[0].actualStartTime)',
    );
    expect(e.error.message).toContain(
      '$.items[0].responses[0].segments[0].materialActuals[0].quantities[0].value: "many" is not a number',
    );
  });
});

describe('isa95-map config', () => {
  it('checks mapping paths and refuses `any` for writing', () => {
    const r = isa95MapConfig.safeParse({
      document: 'any',
      mappings: [{ from: 'payload..x', to: 'items[0].__proto__' }],
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path)).toEqual([['mappings', 0, 'from'], ['mappings', 0, 'to'], ['document']]);
    // The editor builds the mapping table from the JSON Schema's widget hint.
    const schema = toJsonSchema(isa95MapConfig) as { properties: Record<string, { widget?: string; enum?: string[] }> };
    expect(schema.properties['mappings']?.widget).toBe('table');
    expect(schema.properties['document']?.enum).toContain('ProcessMaterialLot');
    // A row without a source is a constant: it needs a default, and reading has nowhere to put it.
    const constants = (direction: string, mappings: object[]) =>
      isa95MapConfig.safeParse({ direction, mappings }).error?.issues.map((i) => [i.path, i.message]);
    expect(constants('json-to-b2mml', [{ to: 'id', default: 'X' }])).toBeUndefined();
    expect(constants('json-to-b2mml', [{ to: 'id', default: 'X' }, { to: 'id' }])).toEqual([
      [['mappings', 1, 'from'], 'give a message property or a constant'],
    ]);
    expect(constants('b2mml-to-json', [{ to: 'id', default: 'X' }])).toEqual([
      [['mappings', 0, 'from'], 'reading needs a message property'],
    ]);
    const ok = isa95MapConfig.parse({});
    expect(ok).toMatchObject({ direction: 'json-to-b2mml', document: 'SyncOperationsPerformance', version: 'V0701' });
  });
});
