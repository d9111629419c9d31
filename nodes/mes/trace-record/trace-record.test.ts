import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FlowMessage } from '@millwright/model';
import { testNode, type NodeHarness } from '@millwright/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import traceRecord from './index.js';

let dir: string;
let h: NodeHarness | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'trace-record-'));
});
afterEach(async () => {
  await h?.stop();
  h = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the node with `dir` as the runtime data folder, or none (null). */
const run = async (config: Record<string, unknown> = {}, dataDir: string | null = dir) => {
  h = await testNode(traceRecord, { config, ...(dataDir === null ? {} : { dataDir }) });
  return h;
};
const lines = (file = join(dir, 'genealogy.jsonl')) =>
  readFileSync(file, 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('trace-record', () => {
  it('turns a production event into one edge per consumed lot, in genealogy.jsonl of the data folder', async () => {
    const harness = await run();
    harness.input({
      payload: {
        producedLot: 'B1',
        producedMaterial: 'compound',
        workOrder: 'WO-1',
        equipment: 'MIXER-1',
        time: '2024-05-01T08:00:00+02:00',
        consumed: [
          { lot: 'R1', material: 'resin', quantity: 12, unit: 'kg' },
          { lot: 'C1', material: 'colorant' },
        ],
      },
    });
    const [out] = await harness.next();
    expect(out?.['genealogy']).toEqual({ recorded: 2, producedLots: ['B1'] });
    expect(lines()).toEqual([
      {
        v: 1,
        consumedLot: 'R1',
        producedLot: 'B1',
        material: 'resin',
        producedMaterial: 'compound',
        quantity: 12,
        unit: 'kg',
        workOrder: 'WO-1',
        equipment: 'MIXER-1',
        time: '2024-05-01T06:00:00.000Z',
      },
      {
        v: 1,
        consumedLot: 'C1',
        producedLot: 'B1',
        material: 'colorant',
        producedMaterial: 'compound',
        workOrder: 'WO-1',
        equipment: 'MIXER-1',
        time: '2024-05-01T06:00:00.000Z',
      },
    ]);
    expect(harness.statuses(harness.nodeId).at(-1)?.status).toEqual({ fill: 'green', shape: 'dot', text: '2 links' });
  });

  it('records the product revision a lot was made with on each of its edges (PLM genealogy)', async () => {
    const harness = await run();
    harness.input({
      payload: {
        producedLot: 'LOT-WO-1-2',
        producedMaterial: 'PART-A',
        productRevision: 'B',
        time: '2024-05-01T08:00:00Z',
        consumed: [{ lot: 'PP-NATURAL-LOT' }, { lot: 'MB-BLUE-LOT' }],
      },
    });
    harness.input({ payload: { consumedLot: 'X', producedLot: 'Y', productRevision: '', time: 0 } });
    await harness.next();
    await harness.waitForEvent(() => harness.errors().length === 1);
    expect(
      lines().map((l) => `${String(l['consumedLot'])}>${String(l['producedLot'])}@${String(l['productRevision'])}`),
    ).toEqual(['PP-NATURAL-LOT>LOT-WO-1-2@B', 'MB-BLUE-LOT>LOT-WO-1-2@B']);
    expect(harness.errors().map((e) => e.error.code)).toEqual(['invalid_genealogy']);
  });

  it('accepts single edges and lists of edges; epoch ms and missing times become ISO', async () => {
    const harness = await run();
    const before = Date.now();
    harness.input({ payload: { consumedLot: 'B1', producedLot: 'F1', time: 1_714_550_400_000 } });
    harness.input({
      payload: [
        { consumedLot: 'B1', producedLot: 'F2' },
        { consumedLot: 'K1', producedLot: 'F2' },
      ],
    });
    await harness.next(2);
    const written = lines();
    expect(written.map((l) => `${String(l['consumedLot'])}>${String(l['producedLot'])}`)).toEqual([
      'B1>F1',
      'B1>F2',
      'K1>F2',
    ]);
    expect(written[0]?.['time']).toBe('2024-05-01T08:00:00.000Z');
    expect(Date.parse(String(written[1]?.['time']))).toBeGreaterThanOrEqual(before - 1);
  });

  it('reports bad events to catch nodes and writes nothing for them', async () => {
    const harness = await run();
    harness.input({ payload: { producedLot: 'B1', consumed: [] } });
    harness.input({ payload: { consumedLot: 'B1', producedLot: 'B1' } });
    harness.input({ payload: { consumedLot: 'A', producedLot: 'B', time: 'last tuesday' } });
    harness.input({ payload: { consumedLot: 'A', producedLot: 'B', time: '2100-01-01T00:00:00Z' } });
    harness.input({ payload: { consumedLot: 'A', producedLot: 'B' } });
    await harness.next(1);
    await harness.waitForEvent(() => harness.errors().length === 4);
    expect(harness.errors().map((e) => e.error.code)).toEqual([
      'invalid_genealogy',
      'invalid_genealogy',
      'invalid_timestamp',
      'future_timestamp',
    ]);
    expect(harness.errors()[0]?.error.message).toMatch(/payload\.consumed/);
    expect(harness.errors()[1]?.error.message).toMatch(/cannot consume itself/);
    expect(lines()).toHaveLength(1);
  });

  it('an event without a time is booked at the message source timestamp (sparkplug-in), not its arrival', async () => {
    const harness = await run();
    harness.input({
      payload: { consumedLot: 'A', producedLot: 'B' },
      sparkplug: { timestamp: Date.parse('2024-05-01T06:00:00Z') },
    } as Partial<FlowMessage>);
    await harness.next();
    expect(lines()[0]?.['time']).toBe('2024-05-01T06:00:00.000Z');
  });

  it('storePath: relative inside the data folder, absolute as is', async () => {
    const relative = await run({ storePath: 'plant/trace.jsonl' });
    relative.input({ payload: { consumedLot: 'A', producedLot: 'B' } });
    await relative.next();
    expect(lines(join(dir, 'plant', 'trace.jsonl'))).toHaveLength(1);
    await relative.stop();
    const abs = join(dir, 'elsewhere.jsonl');
    const absolute = await run({ storePath: abs }, null);
    absolute.input({ payload: { consumedLot: 'A', producedLot: 'C' } });
    await absolute.next();
    expect(lines(abs)).toHaveLength(1);
  });

  it('without a data folder keeps the genealogy in memory and says so', async () => {
    const harness = await run({}, null);
    expect(harness.logs(harness.nodeId).map((l) => l.message)).toEqual([expect.stringMatching(/in memory only/)]);
    expect(harness.statuses(harness.nodeId)[0]?.status).toMatchObject({
      fill: 'yellow',
      text: expect.stringMatching(/memory/),
    });
    harness.input({ payload: { consumedLot: 'MEM-A', producedLot: 'MEM-B' } });
    await harness.next();
    expect(existsSync(join(dir, 'genealogy.jsonl'))).toBe(false);
  });
});
