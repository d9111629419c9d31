import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { decodeB2mml } from '@millwright/isa95';
import { testNode, type ContextStore, type NodeHarness } from '@millwright/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import inventoryMovement from './index.js';
import type { LotBalance, MovementResult } from './movement.js';

const XSD = join(
  dirname(createRequire(import.meta.url).resolve('@millwright/isa95')),
  '../schemas/V0701/Schema/AllSchemas.xsd',
);

/** Validates documents with one xmllint run (as packages/isa95 does); returns its complaints, empty when valid. */
function xmllint(docs: string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'inventory-movement-'));
  try {
    const files = docs.map((xml, i) => {
      const file = join(dir, `${i}.xml`);
      writeFileSync(file, xml);
      return file;
    });
    const run = spawnSync('xmllint', ['--noout', '--nonet', '--schema', XSD, ...files], { encoding: 'utf8' });
    if (run.error) throw new Error(`xmllint could not run (${run.error.message}): install libxml2-utils`);
    const out = `${run.stdout}${run.stderr}`;
    return files
      .filter((f) => !out.includes(`${f} validates`))
      .map(
        (f) =>
          out
            .split('\n')
            .filter((l) => l.startsWith(f))
            .join('\n') || `no verdict for ${f}`,
      );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let h: NodeHarness | undefined;
let nodeContext: ContextStore | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});
async function run(config: Record<string, unknown> = {}, stored?: unknown) {
  const def = {
    ...inventoryMovement,
    setup: (ctx: Parameters<typeof inventoryMovement.setup>[0]) => {
      nodeContext = ctx.context.node;
      if (stored !== undefined) nodeContext.set('inventory', stored);
      return inventoryMovement.setup(ctx);
    },
  };
  h = await testNode(def, { config });
  return h;
}

const lotOf = (xml: string) => {
  const doc = decodeB2mml(xml);
  if (!doc.ok || doc.doc.noun !== 'MaterialLot') throw new Error(`not a MaterialLot: ${JSON.stringify(doc)}`);
  return { doc: doc.doc, lot: doc.doc.items[0] };
};

describe('inventory-movement', () => {
  it('production, then consumption: SyncMaterialLot V0701 documents that validate against the MESA XSDs', async () => {
    const harness = await run({ sender: 'MES-L1', receiver: 'ERP' });
    harness.input({
      payload: {
        type: 'production',
        lot: 'F-0815',
        material: 'BOTTLE-05',
        quantity: 500,
        unit: 'pcs',
        workOrder: 'WO-1001',
        equipment: 'LINE-1',
        location: 'WH-2',
        status: 'Released',
        time: '2024-05-01T14:00:00Z',
      },
    });
    harness.input({ payload: { type: 'consumption', lot: 'F-0815', quantity: 120, workOrder: 'WO-2002' } });
    const out = await harness.next(2);
    const xml = out.map((m) => String(m.payload));
    expect(xmllint(xml)).toEqual([]);
    expect(xml[0]).toContain('<SyncMaterialLot xmlns="http://www.mesa.org/xml/B2MML" releaseID="7.01">');
    expect(out[0]?.headers).toEqual({ 'content-type': 'application/xml' });
    const first = lotOf(xml[0] ?? '');
    expect(first.doc.applicationArea).toMatchObject({
      sender: { logicalId: 'MES-L1' },
      receivers: [{ logicalId: 'ERP' }],
    });
    expect(first.doc.applicationArea.bodId).toBe(out[0]?.['bodId']);
    expect(first.lot).toEqual({
      id: 'F-0815',
      materialDefinitionId: 'BOTTLE-05',
      status: 'Released',
      properties: [
        { id: 'MovementType', values: [{ value: 'Production', dataType: 'string' }] },
        { id: 'MovementQuantity', values: [{ value: '500', unit: 'pcs', dataType: 'decimal' }] },
        { id: 'MovementTime', values: [{ value: '2024-05-01T14:00:00.000Z', dataType: 'dateTime' }] },
        { id: 'WorkOrder', values: [{ value: 'WO-1001', dataType: 'string' }] },
        { id: 'Equipment', values: [{ value: 'LINE-1', dataType: 'string' }] },
      ],
      storageLocation: { location: 'WH-2', locationType: 'Operational Location ID' },
      quantities: [{ value: '500', unit: 'pcs', key: 'OnHand' }],
    });
    // The consumption keeps the lot's material and unit and reports the balance after it.
    const second = lotOf(xml[1] ?? '');
    expect(second.lot?.quantities).toEqual([{ value: '380', unit: 'pcs', key: 'OnHand' }]);
    expect(second.lot?.properties?.[1]).toEqual({
      id: 'MovementQuantity',
      values: [{ value: '-120', unit: 'pcs', dataType: 'decimal' }],
    });
    expect(second.lot?.materialDefinitionId).toBe('BOTTLE-05');
  });

  it('sends a JSON summary on port 2 and keeps the on-hand quantity per lot in node context', async () => {
    const harness = await run();
    harness.input({ payload: { type: 'production', lot: 'A', quantity: 10, unit: 'kg', material: 'M' } });
    harness.input({ payload: { type: 'production', lot: 'B', quantity: 3, unit: 'kg' } });
    harness.input({ payload: { type: 'consumption', lot: 'A', quantity: 2.5 } });
    const summaries = await harness.next(3, { port: 1 });
    expect(summaries.map((m) => m.topic)).toEqual(['inventory', 'inventory', 'inventory']);
    expect(summaries[2]?.payload).toMatchObject({
      movement: 'consumption',
      lot: 'A',
      material: 'M',
      unit: 'kg',
      delta: -2.5,
      onHand: 7.5,
      negative: false,
      workOrder: null,
    } satisfies Partial<MovementResult>);
    const stored = nodeContext?.get('inventory') as { lots: Record<string, LotBalance> };
    expect(Object.values(stored.lots).map((b) => [b.lot, b.onHand, b.unit])).toEqual([
      ['A', 7.5, 'kg'],
      ['B', 3, 'kg'],
    ]);
  });

  it('adjustments: a counted onHand replaces the balance, a signed quantity corrects it', async () => {
    const harness = await run();
    harness.input({ payload: { type: 'production', lot: 'A', quantity: 10 } });
    harness.input({ payload: { type: 'adjustment', lot: 'A', onHand: 8 } });
    harness.input({ payload: { type: 'adjustment', lot: 'A', quantity: -0.5 } });
    const out = await harness.next(3, { port: 1 });
    expect(out.map((m) => [(m.payload as MovementResult).delta, (m.payload as MovementResult).onHand])).toEqual([
      [10, 10],
      [-2, 8],
      [-0.5, 7.5],
    ]);
    const xml = (await harness.next(3)).map((m) => String(m.payload));
    expect(xmllint(xml)).toEqual([]);
  });

  it('ProcessMaterialLot when configured', async () => {
    const harness = await run({ verb: 'Process' });
    harness.input({ payload: { type: 'production', lot: 'A', quantity: 1 } });
    const [out] = await harness.next();
    expect(String(out?.payload)).toContain('<ProcessMaterialLot ');
    expect(xmllint([String(out?.payload)])).toEqual([]);
  });

  it('a lot received outside the MES goes negative by default (flagged); with allowNegative off it is refused', async () => {
    const lenient = await run();
    lenient.input({ payload: { type: 'consumption', lot: 'RAW-1', quantity: 5, unit: 'kg' } });
    const [summary] = await lenient.next(1, { port: 1 });
    expect(summary?.payload).toMatchObject({ onHand: -5, negative: true });
    expect(lenient.statuses(lenient.nodeId).at(-1)?.status).toMatchObject({ fill: 'yellow', text: 'RAW-1: -5 kg' });
    await lenient.stop();

    const strict = await run({ allowNegative: false });
    strict.input({ payload: { type: 'production', lot: 'A', quantity: 4 } });
    strict.input({ payload: { type: 'consumption', lot: 'A', quantity: 5 } });
    strict.input({ payload: { type: 'consumption', lot: 'A', quantity: 4 } });
    await strict.waitForEvent(() => strict.errors().length === 1);
    const summaries = await strict.next(2, { port: 1 });
    expect(strict.errors()[0]?.error).toMatchObject({
      code: 'insufficient_quantity',
      message: 'lot A has 4, cannot take 5',
    });
    expect(summaries.map((m) => (m.payload as MovementResult).onHand)).toEqual([4, 0]);
  });

  it('refuses malformed movements and unit or material changes, leaving the balance alone', async () => {
    const harness = await run();
    harness.input({ payload: { type: 'production', lot: 'A', quantity: 10, unit: 'kg', material: 'M' } });
    harness.input({ payload: { type: 'consumption', lot: 'A', quantity: 1, unit: 'g' } });
    harness.input({ payload: { type: 'consumption', lot: 'A', quantity: 1, material: 'N' } });
    harness.input({ payload: { type: 'consumption', lot: 'A', quantity: 0 } });
    harness.input({ payload: { type: 'adjustment', lot: 'A' } });
    harness.input({ payload: { type: 'transfer', lot: 'A', quantity: 1 } });
    harness.input({ payload: { type: 'production', lot: 'A', quantity: 1, time: 'soon' } });
    await harness.waitForEvent(() => harness.errors().length === 6);
    expect(harness.errors().map((e) => e.error.code)).toEqual([
      'unit_mismatch',
      'material_mismatch',
      'invalid_movement',
      'invalid_movement',
      'invalid_movement',
      'invalid_timestamp',
    ]);
    expect(harness.errors()[2]?.error.message).toBe('$.payload.quantity: a consumption needs a quantity > 0');
    const stored = nodeContext?.get('inventory') as { lots: Record<string, LotBalance> };
    expect(stored.lots['A']?.onHand).toBe(10);
  });

  it('books a movement at its production time: payload.time, else the source timestamp; refuses far-future times', async () => {
    const harness = await run();
    const produced = new Date('2024-05-01T06:30:00Z');
    harness.input({ payload: { type: 'production', lot: 'A', quantity: 5 }, opcua: { sourceTimestamp: produced } });
    harness.input({ payload: { type: 'production', lot: 'A', quantity: 1, time: '2100-01-01T00:00:00Z' } });
    const [summary] = await harness.next(1, { port: 1 });
    expect(summary?.payload).toMatchObject({ time: '2024-05-01T06:30:00.000Z', onHand: 5 });
    await harness.waitForEvent(() => harness.errors().length === 1);
    expect(harness.errors()[0]?.error.code).toBe('future_timestamp');
  });

  it('a movement made before the last counted stock is in that count: the balance stays', async () => {
    const harness = await run();
    harness.input({ payload: { type: 'production', lot: 'A', quantity: 10, time: '2024-05-01T06:00:00Z' } });
    harness.input({ payload: { type: 'adjustment', lot: 'A', onHand: 7, time: '2024-05-01T08:00:00Z' } });
    // Arrives late (store-and-forward): consumed at 07:00, before the count at 08:00.
    harness.input({ payload: { type: 'consumption', lot: 'A', quantity: 3, time: '2024-05-01T07:00:00Z' } });
    harness.input({ payload: { type: 'consumption', lot: 'A', quantity: 2, time: '2024-05-01T09:00:00Z' } });
    const out = (await harness.next(4, { port: 1 })).map((m) => m.payload as MovementResult);
    expect(out.map((r) => [r.delta, r.onHand, r.beforeCount])).toEqual([
      [10, 10, false],
      [-3, 7, false],
      [0, 7, true],
      [-2, 5, false],
    ]);
    const stored = nodeContext?.get('inventory') as { lots: Record<string, LotBalance> };
    expect(stored.lots['A']).toMatchObject({
      updated: '2024-05-01T09:00:00.000Z',
      countedAt: '2024-05-01T08:00:00.000Z',
    });
  });

  it('continues from the balances in node context after a restart', async () => {
    const first = await run();
    first.input({ payload: { type: 'production', lot: 'A', quantity: 10, unit: 'kg' } });
    await first.next(1, { port: 1 });
    const saved = JSON.parse(JSON.stringify(nodeContext?.get('inventory'))) as unknown;
    await first.stop();
    const second = await run({}, saved);
    second.input({ payload: { type: 'consumption', lot: 'A', quantity: 4 } });
    const [summary] = await second.next(1, { port: 1 });
    expect(summary?.payload).toMatchObject({ onHand: 6, unit: 'kg' });
  });
});
