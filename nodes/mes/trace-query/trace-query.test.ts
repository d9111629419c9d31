import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Flow } from '@millwright/model';
import { runFlow, type FlowHarness } from '@millwright/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TraceResult } from '../lib/genealogy/trace.js';
import traceRecord from '../trace-record/index.js';
import traceQuery from './index.js';

let dir: string;
const harnesses: FlowHarness[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'trace-query-'));
});
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A flow with a recorder `rec` and a query node `q` (not wired: each gets its own messages). */
async function start(queryConfig: Record<string, unknown> = {}, dataDir: string | null = dir) {
  const flow: Flow = {
    version: 1,
    id: 'trace',
    name: 'trace',
    nodes: [
      { id: 'rec', type: 'trace-record', typeVersion: 1, config: {}, position: { x: 0, y: 0 } },
      { id: 'q', type: 'trace-query', typeVersion: 1, config: queryConfig, position: { x: 0, y: 100 } },
    ],
    wires: [],
  };
  const h = await runFlow(flow, [traceRecord, traceQuery], dataDir === null ? {} : { dataDir });
  harnesses.push(h);
  return h;
}

async function recordPlant(h: FlowHarness) {
  h.send('rec', { payload: { producedLot: 'B1', workOrder: 'WO-1', consumed: [{ lot: 'R1' }, { lot: 'R2' }] } });
  h.send('rec', { payload: { producedLot: 'F1', workOrder: 'WO-2', consumed: [{ lot: 'B1' }, { lot: 'K1' }] } });
  h.send('rec', { payload: { producedLot: 'F2', workOrder: 'WO-2', consumed: [{ lot: 'B1' }] } });
  await h.waitForOutputs('rec', 3);
}

const results = (h: FlowHarness) => h.outputs('q').map((m) => m.payload as TraceResult);

describe('trace-query', () => {
  it('answers backward and forward traces of what trace-record stored', async () => {
    const h = await start();
    await recordPlant(h);
    h.send('q', { payload: 'F1' });
    h.send('q', { payload: { lot: 'R1', direction: 'forward' } });
    await h.waitForOutputs('q', 2);
    const [back, fwd] = results(h);
    expect(back).toMatchObject({
      lot: 'F1',
      direction: 'backward',
      depth: 10,
      found: true,
      lots: ['B1', 'K1', 'R1', 'R2'],
    });
    expect(back?.tree.children.map((c) => c.lot)).toEqual(['B1', 'K1']);
    expect(back?.tree.children[0]?.workOrders).toEqual(['WO-2']);
    expect(fwd).toMatchObject({ direction: 'forward', lots: ['B1', 'F1', 'F2'] });
    expect(h.statuses('q').at(-1)?.status).toEqual({ fill: 'green', shape: 'dot', text: 'R1: 3 lots forward' });
  });

  it('depth from config or message; an unknown lot is answered with found: false', async () => {
    const h = await start({ depth: 1, direction: 'forward' });
    await recordPlant(h);
    h.send('q', { payload: 'R1' });
    h.send('q', { payload: { lot: 'F1', direction: 'backward', depth: 2 } });
    h.send('q', { payload: 'NOPE' });
    await h.waitForOutputs('q', 3);
    const [shallow, deep, none] = results(h);
    expect(shallow).toMatchObject({ lots: ['B1'], truncated: true });
    expect(deep).toMatchObject({ lots: ['B1', 'K1', 'R1', 'R2'], truncated: false });
    expect(none).toMatchObject({ found: false, lots: [] });
    expect(h.statuses('q').at(-1)?.status).toMatchObject({ fill: 'yellow', text: 'NOPE: not found' });
  });

  it('sees what a recorder in another flow (another store instance) appended to the same file', async () => {
    const writer = await start();
    const reader = await start();
    reader.send('q', { payload: 'X2' });
    await reader.waitForOutputs('q', 1);
    writer.send('rec', { payload: { consumedLot: 'X1', producedLot: 'X2' } });
    await writer.waitForOutputs('rec', 1);
    reader.send('q', { payload: 'X2' });
    await reader.waitForOutputs('q', 2);
    expect(results(reader).map((r) => r.found)).toEqual([false, true]);
  });

  it('without a data folder, record and query share the in-memory store of the flow', async () => {
    const h = await start({}, null);
    h.send('rec', { payload: { consumedLot: 'MEMQ-1', producedLot: 'MEMQ-2' } });
    await h.waitForOutputs('rec', 1);
    h.send('q', { payload: 'MEMQ-2' });
    const [out] = await h.waitForOutputs('q', 1);
    expect(out?.payload).toMatchObject({ found: true, lots: ['MEMQ-1'] });
  });

  it('rejects a query that names no lot', async () => {
    const h = await start();
    h.send('q', { payload: { direction: 'forward' } });
    h.send('q', { payload: { lot: 'A', depth: 0 } });
    await h.waitForEvent(() => h.errors('q').length === 2);
    expect(h.errors('q').map((e) => e.error.code)).toEqual(['invalid_trace_query', 'invalid_trace_query']);
  });
});
