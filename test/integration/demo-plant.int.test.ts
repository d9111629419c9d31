import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DebugEvent, RuntimeEvent } from '@millwright/model';
import { decodeB2mml } from '@millwright/isa95';
import { createRuntime, type Runtime } from '@millwright/runtime';
import { loadDemoFlows } from '../../runtime/src/demo/demo-flows.js';
import { startDemoPlant, type DemoPlant } from '../../runtime/src/demo/demo-plant.js';
import mqtt from 'mqtt';
import { OPCUAClient, AttributeIds } from 'node-opcua';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Small orders on a fast line: the first completes in a few seconds. */
const ORDERS = [
  { material: 'PART-B', quantity: 6 },
  { material: 'PART-A', quantity: 5 },
];

let plant: DemoPlant;
let runtime: Runtime;
let dir: string;
const events: RuntimeEvent[] = [];
/** Every (workOrder, good, reject) the PLC went through, sampled faster than its 100 ms tick. */
const plcStates = new Set<string>();
let sampler: NodeJS.Timeout;
const mqttMessages: Array<{ topic: string; payload: Record<string, unknown> }> = [];
let mqttClient: mqtt.MqttClient;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mw-demo-'));
  plant = await startDemoPlant({
    ports: { opcua: 0, mqtt: 0, erp: 0, plm: 0, qms: 0, modbus: 0 },
    timeScale: 20,
    workOrders: ORDERS,
    replenish: false,
  });
  sampler = setInterval(() => {
    const s = plant.plc.snapshot();
    const m1 = s.machines[0];
    if (m1) plcStates.add(`${s.workOrder}:${m1.goodCount}:${m1.rejectCount}`);
  }, 10);
  Object.assign(process.env, plant.env);
  mqttClient = await mqtt.connectAsync(plant.urls.mqtt, { protocolVersion: 4 });
  mqttClient.on('message', (topic, payload) => {
    mqttMessages.push({ topic, payload: JSON.parse(payload.toString()) as Record<string, unknown> });
  });
  await mqttClient.subscribeAsync('millwright/demo-plant/#');
  runtime = await createRuntime({
    dataDir: dir,
    port: 0,
    isolation: 'worker',
    flows: await loadDemoFlows(),
    logger: pino({ level: 'silent' }),
    outboundAllow: [plant.urls.erp, plant.urls.plm, plant.urls.qms, plant.urls.modbus].map((u) => new URL(u).host), // as `millwright start` does
  });
  runtime.bus.on((e) => events.push(e));
  await runtime.start();
}, 60_000);

afterAll(async () => {
  clearInterval(sampler);
  await mqttClient?.endAsync();
  await runtime?.stop();
  await plant?.stop();
  await rm(dir, { recursive: true, force: true });
}, 30_000);

async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const debugOf = (nodeId: string) =>
  events.filter((e): e is DebugEvent => e.type === 'debug' && e.nodeId === nodeId).map((e) => e.value);

describe('demo plant', () => {
  it('reads the same line over Modbus TCP (demo-modbus flow): temperature as the PLC has it, counts and states', async () => {
    const byTopic = (topic: string) =>
      events.filter((e): e is DebugEvent => e.type === 'debug' && e.nodeId === 'mb-debug' && e.topic === topic);
    const temperature = await waitFor('a Modbus temperature', () => byTopic('Machine1 temperature')[0], 10_000);
    // Polled every 2 s from the PLC's own model: within a few °C of what the PLC shows now.
    expect(Math.abs(Number(temperature.value) - (plant.plc.snapshot().machines[0]?.temperature ?? 0))).toBeLessThan(5);
    const counts = await waitFor('Modbus counts', () => byTopic('Machine1 good, reject')[0], 10_000);
    expect(counts.value).toEqual([expect.any(Number), expect.any(Number)]);
    const states = await waitFor(
      'Machine2 states',
      () => byTopic('Machine2 running, idle, down, temperature alarm')[0],
      10_000,
    );
    // Exactly one of running, idle, down.
    expect((states.value as boolean[]).slice(0, 3).filter(Boolean)).toHaveLength(1);
  }, 20_000);

  it('dispatches the first ERP order to the PLC: work order number and setpoint, read back over OPC UA', async () => {
    const client = OPCUAClient.create({ endpointMustExist: false, connectionStrategy: { maxRetry: 3 } });
    await client.connect(plant.urls.opcua);
    try {
      const session = await client.createSession();
      const read = async () =>
        (
          await session.read([
            { nodeId: 'ns=1;s=Line1.WorkOrder', attributeId: AttributeIds.Value },
            { nodeId: 'ns=1;s=Line1.Machine1.TemperatureSetpoint', attributeId: AttributeIds.Value },
          ])
        ).map((d) => d.value.value as unknown);
      let seen: unknown[] = [];
      const end = Date.now() + 20_000;
      while (Date.now() < end) {
        seen = await read();
        if (seen[0] === 'WO-1001' && seen[1] === 70) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      // PART-B runs at 70 °C (PART-A at 65, the PLC's initial setpoint).
      expect(seen).toEqual(['WO-1001', 70]);
      await session.close();
    } finally {
      await client.disconnect();
    }
    // Debug events arrive in batches (up to 20 ms after the write): wait for it rather than race it.
    const dispatched = await waitFor('the dispatch debug event', () => debugOf('wo-dispatched')[0], 5_000);
    expect(dispatched).toMatchObject({ id: 'WO-1001', material: 'PART-B', quantity: 6, setpoint: 70 });
  }, 30_000);

  it('posts one B2MML SyncOperationsPerformance per completed order, with the PLC counts', async () => {
    const reports = await waitFor('both orders reported', () => {
      const r = plant.erp.received();
      return r.length >= 2 && r;
    });
    expect(reports.map((r) => r.workOrderIds)).toEqual([['WO-1001'], ['WO-1002']]);
    expect(plant.erp.summary()).toMatchObject({ duplicates: 0, rejected: 0 });
    for (const [i, report] of reports.entries()) {
      const order = ORDERS[i]!;
      const id = `WO-${1001 + i}`;
      expect(report.version).toBe('V0701');
      expect(report.idempotencyKey).toBe(`${id}:performance`);
      const decoded = decodeB2mml(report.xml);
      if (!decoded.ok) throw new Error(decoded.issues.map((x) => x.message).join('; '));
      expect([decoded.doc.verb, decoded.doc.noun]).toEqual(['Sync', 'OperationsPerformance']);
      const doc = decoded.doc;
      if (doc.noun !== 'OperationsPerformance') throw new Error('not a performance');
      const actual = doc.items[0]?.responses?.[0]?.segments?.[0]?.materialActuals?.[0];
      expect(actual?.materialDefinitionIds).toEqual([order.material]);
      const qty = Object.fromEntries((actual?.quantities ?? []).map((q) => [q.key, q.value]));
      const good = Number(qty['Good']);
      const reject = Number(qty['Reject']);
      // The final counters read from the PLC at completion: a state the PLC really was in.
      expect(good).toBeGreaterThanOrEqual(order.quantity);
      expect(plcStates.has(`${id}:${good}:${reject}`)).toBe(true);
    }
    // Answered with a ConfirmBOD, shown by the debug node behind erp-post.
    await waitFor('two confirmations', () => debugOf('rep-confirm').length >= 2);
  }, 45_000);

  it('computes OEE live, with factors between 0 and 1', async () => {
    const records = await waitFor('an OEE record with counts', () => {
      const r = debugOf('prod-oee-debug') as Array<Record<string, unknown>>;
      const withCounts = r.filter((x) => typeof x['oee'] === 'number' && Number(x['totalCount']) > 0);
      return withCounts.length > 0 && withCounts;
    });
    for (const rec of records)
      for (const k of ['availability', 'performance', 'quality', 'oee']) {
        const v = rec[k];
        if (v !== null) expect(v).toSatisfy((x: unknown) => typeof x === 'number' && x >= 0 && x <= 1);
      }
  }, 30_000);

  it('publishes machine data and OEE to the embedded broker under the ISA-95 topic', async () => {
    const data = await waitFor('machine data', () =>
      mqttMessages.find(
        (m) =>
          m.topic === 'millwright/demo-plant/assembly/line1/machine1/data' &&
          m.payload['reject'] !== undefined &&
          m.payload['state'] !== undefined, // the first messages can precede the PLC's state
      ),
    );
    expect(data.payload).toMatchObject({
      state: expect.any(String),
      good: expect.any(Number),
      reject: expect.any(Number),
    });
    await waitFor('OEE on MQTT', () =>
      mqttMessages.find((m) => m.topic === 'millwright/demo-plant/assembly/line1/machine1/oee'),
    );
  }, 30_000);

  it('runs the quality check on the temperature of each part', async () => {
    const statuses = await waitFor('a quality-check status', () =>
      events.filter((e) => e.type === 'status' && e.nodeId === 'demo-quality'),
    );
    expect(statuses.length).toBeGreaterThan(0);
    expect(events.filter((e) => e.type === 'error')).toEqual([]);
  });
});
