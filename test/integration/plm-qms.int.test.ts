import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DebugEvent, RuntimeEvent } from '@millwright/model';
import { createRuntime, type Runtime } from '@millwright/runtime';
import { defaultWorkOrders, startSimErp, type SimErp, type WorkOrder } from '@millwright/sim-erp';
import { startSimPlc, type SimPlc } from '@millwright/sim-plc';
import { startSimPlm, type SimPlm } from '@millwright/sim-plm';
import { startSimQms, type SimQms } from '@millwright/sim-qms';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoFlows } from '../../runtime/src/demo/demo-flows.js';
import { DEMO_ENV } from '../../runtime/src/demo/demo-plant.js';

// The demo's master-data and quality flows against the real simulators: sim PLC over OPC UA (not
// simulating, so the test sets the counters), sim ERP, sim PLM and sim QMS over HTTP; the runtime in
// this process (the flows' function nodes still run in their isolates).

let plc: SimPlc;
let erp: SimErp;
let plm: SimPlm;
let qms: SimQms;
let runtime: Runtime;
let dir: string;
const events: RuntimeEvent[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mw-plm-qms-'));
  plc = await startSimPlc({ simulate: false, workOrder: '', minSupportedSampleRate: 0 });
  // Not the revision's setpoint, so the test sees the flow write it.
  plc.setState({ temperatureSetpoint: 50 });
  const order: WorkOrder = {
    ...(defaultWorkOrders()[0] as WorkOrder),
    id: 'WO-1001',
    material: 'PART-A',
    quantity: 100,
  };
  erp = await startSimErp({ workOrders: [order] });
  plm = await startSimPlm();
  qms = await startSimQms();
  Object.assign(process.env, {
    [DEMO_ENV.opcua]: `127.0.0.1:${plc.port}`,
    [DEMO_ENV.erp]: `127.0.0.1:${erp.port}`,
    [DEMO_ENV.plm]: `127.0.0.1:${plm.port}`,
    [DEMO_ENV.qms]: `127.0.0.1:${qms.port}`,
  });
  // With the shared config document that holds the PLC connection master-data uses.
  const flows = (await loadDemoFlows()).filter(
    (f) => f.id === 'demo-master-data' || f.id === 'demo-quality-events' || f.shared,
  );
  expect(flows).toHaveLength(3);
  runtime = await createRuntime({
    dataDir: dir,
    port: 0,
    isolation: 'in-process',
    flows,
    logger: pino({ level: 'silent' }),
    outboundAllow: [erp.url, plm.url, qms.url].map((u) => new URL(u).host),
  });
  runtime.bus.on((e) => events.push(e));
  await runtime.start();
  plc.setState({ workOrder: 'WO-1001' });
}, 30_000);

afterAll(async () => {
  await runtime?.stop();
  await Promise.all([plc?.stop(), erp?.stop(), plm?.stop(), qms?.stop()]);
  await rm(dir, { recursive: true, force: true });
}, 30_000);

async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 8_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
const debugOf = (nodeId: string) =>
  events.filter((e): e is DebugEvent => e.type === 'debug' && e.nodeId === nodeId).map((e) => e.value);
const setpoint = () => plc.snapshot().machines[0]?.temperatureSetpoint;
const lotEdges = () =>
  readFileSync(join(dir, 'genealogy.jsonl'), 'utf8')
    .trimEnd()
    .split('\n')
    .map(
      (l) => JSON.parse(l) as { producedLot: string; productRevision?: string; material?: string; quantity?: number },
    );

describe('PLM revision → PLC setpoint → lot genealogy', () => {
  it('puts the released revision on the PLC, and records each lot with the revision it was made with', async () => {
    // Revision A of PART-A (65 °C) goes to the PLC once the order's material is known.
    await waitFor('revision A on the PLC', () => setpoint() === 65);
    await waitFor('revision A applied', () => debugOf('md-applied')[0]);
    expect(debugOf('md-applied')).toEqual([{ product: 'PART-A', revision: 'A', setpoint: 65, workOrder: 'WO-1001' }]);

    plc.setState({ goodCount: 10 });
    await waitFor('lot 1 recorded', () => debugOf('md-lot').length === 1);

    // An engineering change: revision B, 67 °C and less masterbatch.
    const released = Date.now();
    expect(plm.release('PART-A')).toMatchObject({ revision: 'B', temperatureSetpoint: 67 });
    await waitFor('revision B on the PLC', () => setpoint() === 67);
    const releaseToPlcMs = Date.now() - released;
    plc.setState({ goodCount: 20 });
    await waitFor('lot 2 recorded', () => debugOf('md-lot').length === 2);

    const edges = lotEdges();
    const revisionOf = (lot: string) => [
      ...new Set(edges.filter((e) => e.producedLot === lot).map((e) => e.productRevision)),
    ];
    expect(revisionOf('LOT-WO-1001-1')).toEqual(['A']);
    expect(revisionOf('LOT-WO-1001-2')).toEqual(['B']);
    // The BOM of each revision, as consumed per lot of 10: 10 x 0.002 kg, then 10 x 0.0018 kg of MB-BLUE.
    const blue = edges.filter((e) => e.material === 'MB-BLUE').map((e) => [e.producedLot, e.quantity]);
    expect(blue).toEqual([
      ['LOT-WO-1001-1', 0.02],
      ['LOT-WO-1001-2', 0.018],
    ]);
    // The runtime's trace API names the revision of each lot.
    const trace = async (lot: string) =>
      ((await (await fetch(`${runtime.url}/api/trace/${lot}`)).json()) as { tree: { productRevisions: string[] } }).tree
        .productRevisions;
    expect([await trace('LOT-WO-1001-1'), await trace('LOT-WO-1001-2')]).toEqual([['A'], ['B']]);
    console.log(`PLM release → PLC setpoint: ${releaseToPlcMs} ms (poll every 1 s)`);
    expect(releaseToPlcMs).toBeLessThan(5_000);
  }, 20_000);
});

describe('QMS corrective-action round trip', () => {
  it('a lot with rejects is a non-conformance: CAPA id, the lot held until the QMS dispositions it, then released', async () => {
    // Rejects first, so the lot that closes at 30 good parts counts them.
    plc.setState({ rejectCount: 3 });
    await new Promise((r) => setTimeout(r, 300));
    const closed = Date.now();
    plc.setState({ goodCount: 30 });
    const held = await waitFor('lot 3 held', () => debugOf('q-held')[0]);
    const heldMs = Date.now() - closed;
    expect(held).toEqual({ lot: 'LOT-WO-1001-3', status: 'held', capaId: 'CAPA-0001' });
    // Lots 1 and 2 passed inspection (no rejects): recorded, released without a CAPA.
    expect(debugOf('q-released')).toEqual([
      { lot: 'LOT-WO-1001-1', status: 'released', by: 'inspection' },
      { lot: 'LOT-WO-1001-2', status: 'released', by: 'inspection' },
    ]);
    const [nc] = qms.events().filter((e) => e.kind === 'non-conformance');
    expect(nc).toMatchObject({
      id: 'QE-LOT-WO-1001-3-nc',
      lot: 'LOT-WO-1001-3',
      workOrder: 'WO-1001',
      equipment: 'Machine1',
      product: 'PART-A',
      productRevision: 'B',
      severity: 'major',
      description: '3 of 13 parts rejected',
    });
    expect(qms.capas()).toMatchObject([{ capaId: 'CAPA-0001', lot: 'LOT-WO-1001-3', status: 'open' }]);

    // Held: a disposition poll passes without a decision, and the lot stays held.
    await new Promise((r) => setTimeout(r, 1_200));
    expect(debugOf('q-released')).toHaveLength(2);

    const decided = Date.now();
    qms.disposition('CAPA-0001', 'release');
    const released = await waitFor('lot 3 released', () => debugOf('q-released')[2]);
    const releaseMs = Date.now() - decided;
    expect(released).toEqual({ lot: 'LOT-WO-1001-3', status: 'released', capaId: 'CAPA-0001' });
    expect(debugOf('q-scrapped')).toEqual([]);
    // Each event reached the QMS once (idempotency keys), 2 inspections and 1 non-conformance.
    expect(qms.events().map((e) => e.kind)).toEqual(['inspection-result', 'inspection-result', 'non-conformance']);
    expect(qms.duplicates()).toBe(0);
    expect(events.filter((e) => e.type === 'error')).toEqual([]);
    console.log(`lot closed → held with CAPA id: ${heldMs} ms; disposition → lot released: ${releaseMs} ms`);
  }, 20_000);
});
