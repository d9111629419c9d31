import { encodeB2mml, type ConversionReport } from '@millwright/isa95';
import { describe, expect, it } from 'vitest';
import { firstError, run, sample, XSD, xmllint } from './test-fixtures.js';

// A V0600 work order with a Location (kept on read, not representable in V0701) and no ids on the
// segment's material requirement and OperationsDefinitionID, which V0701 requires.
const v0600Doc = structuredClone(sample);
const segment = v0600Doc.items[0]?.requests?.[0]?.segments?.[0];
delete segment?.operationsDefinitionId;
delete segment?.materialRequirements?.[0]?.id;
const v0600 = encodeB2mml(v0600Doc, { version: 'V0600' }).replace(
  '<ProductionRequest>',
  '<Location><EquipmentID>PLANT-1</EquipmentID><EquipmentElementLevel>Site</EquipmentElementLevel></Location><ProductionRequest>',
);

describe('isa95-map b2mml-convert', () => {
  it('converts V0600 to V0701 with fill rules; the report names what V0701 cannot hold', async () => {
    const harness = await run({
      direction: 'b2mml-convert',
      document: 'any',
      fill: [
        { path: '**.operationsDefinitionId', value: 'OD-BOTTLE' },
        { path: 'items[*].requests[*].segments[*].materialRequirements[*].id', value: '${parentId}-M${n}' },
      ],
    });
    harness.input({ payload: Buffer.from(v0600) });
    const [out] = await harness.next();
    expect(xmllint([String(out?.payload)], XSD.V0701)).toEqual([]);
    expect(out?.['b2mml']).toEqual({ version: 'V0600', document: 'ProcessOperationsSchedule', convertedTo: 'V0701' });
    const report = out?.['b2mmlReport'] as ConversionReport;
    expect(report.dropped).toEqual([
      { path: '$.items[0]/Location', what: 'element <Location>', reason: 'B2MML V0701 has no <Location> here' },
    ]);
    expect(report.filled.map((f) => [f.path, f.value])).toEqual([
      ['$.items[0].requests[0].segments[0].operationsDefinitionId', 'OD-BOTTLE'],
      ['$.items[0].requests[0].segments[0].materialRequirements[0].id', 'S1-M1'],
    ]);
  });

  it('without a rule for a required id the message goes to catch nodes with the path', async () => {
    const harness = await run({ direction: 'b2mml-convert', document: 'any' });
    harness.input({ payload: v0600 });
    const err = await firstError(harness);
    expect(err.error.code).toBe('invalid_b2mml');
    expect(err.error.message).toContain('$.items[0].requests[0].segments[0].operationsDefinitionId');
  });
});
