import { testNode, type NodeHarness } from '@millwright/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import qualityEvent from './index.js';

let h: NodeHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});
const run = async (config: Record<string, unknown> = {}) => {
  h = await testNode(qualityEvent, { config });
  return h;
};
const tied = { lot: 'LOT-WO-1001-2', workOrder: 'WO-1001', equipment: 'Machine1', productRevision: 'B' };

describe('quality-event', () => {
  it('makes a non-conformance record tied to lot, work order, equipment and revision, keyed for the outbox', async () => {
    const harness = await run({ source: 'LINE-1' });
    harness.input({
      payload: { ...tied, product: 'PART-A', description: '3 parts short shot', quantity: 3, unit: 'pcs', time: 0 },
    });
    const [out] = await harness.next();
    // Without an id of its own the event is named after its message: a redelivered message keeps it.
    expect(out?.payload).toEqual({
      id: `QE-${String(out?.id)}`,
      kind: 'non-conformance',
      time: '1970-01-01T00:00:00.000Z',
      ...tied,
      product: 'PART-A',
      description: '3 parts short shot',
      quantity: 3,
      unit: 'pcs',
      severity: 'minor',
      source: 'LINE-1',
    });
    expect(out?.['idempotencyKey']).toBe(`QE-${String(out?.id)}`);
    expect(out?.['topic']).toBe('non-conformance');
  });

  it('works out an inspection result from the limits, and takes the kind from the payload when told', async () => {
    const harness = await run({ kind: 'from-payload' });
    const inspect = (measured: number) => ({
      ...tied,
      id: `QE-${measured}`,
      kind: 'inspection-result',
      characteristic: 'weight',
      measured,
      unit: 'g',
      lowerLimit: 9.5,
      upperLimit: 10.5,
    });
    harness.input({ payload: inspect(10.1) });
    harness.input({ payload: inspect(10.6) });
    harness.input({ payload: { ...tied, kind: 'deviation', description: 'setpoint 2 °C over', severity: 'major' } });
    const outs = await harness.next(3);
    const summary = outs.map((m) => {
      const p = m.payload as Record<string, unknown>;
      return [p['kind'], p['result'] ?? p['severity'], m['idempotencyKey'] === p['id']];
    });
    expect(summary).toEqual([
      ['inspection-result', 'pass', true],
      ['inspection-result', 'fail', true],
      ['deviation', 'major', true],
    ]);
    expect(outs.map((m) => (m.payload as { id: string }).id).slice(0, 2)).toEqual(['QE-10.1', 'QE-10.6']);
  });

  it("takes quality-check's non-conformance events as they are", async () => {
    const harness = await run({ equipment: 'Machine1', requireRevision: false });
    harness.input({
      payload: {
        type: 'non-conformance',
        kind: 'specification',
        characteristic: 'temperatureDeviation',
        value: 3.4,
        unit: null,
        rule: 'spec',
        ruleName: 'outside specification',
        chart: null,
        lot: 'LOT-1',
        workOrder: 'WO-1',
        limits: { lsl: -3, usl: 3, target: 0 },
        time: '2024-05-01T08:00:00Z',
        messageId: 'x',
      },
    });
    const [out] = await harness.next();
    expect(out?.payload).toMatchObject({
      kind: 'non-conformance',
      lot: 'LOT-1',
      workOrder: 'WO-1',
      equipment: 'Machine1',
      characteristic: 'temperatureDeviation',
      measured: 3.4,
      description: 'temperatureDeviation: outside specification (specification)',
      time: '2024-05-01T08:00:00.000Z',
    });
  });

  it('refuses events not tied to a lot, a work order, equipment or a revision, naming the field', async () => {
    const harness = await run();
    harness.input({ payload: { ...tied, lot: undefined, description: 'x' } });
    harness.input({ payload: { ...tied, productRevision: undefined, description: 'x' } });
    harness.input({ payload: { ...tied, equipment: undefined, description: 'x' } });
    harness.input({ payload: { ...tied } });
    harness.input({ payload: 'broken' });
    await harness.waitForEvent(() => harness.errors().length === 5);
    expect(harness.errors().map((e) => `${e.error.code}: ${e.error.message}`)).toEqual([
      'invalid_quality_event: non-conformance: $.payload.lot: Invalid input: expected string, received undefined',
      'invalid_quality_event: non-conformance: payload.productRevision is missing (the product revision the lot was made with)',
      'invalid_quality_event: non-conformance: payload.equipment is missing and no default is set',
      'invalid_quality_event: non-conformance: $.payload.description: Invalid input: expected string, received undefined',
      'invalid_quality_event: payload: expected an object describing the quality event',
    ]);
  });
});
