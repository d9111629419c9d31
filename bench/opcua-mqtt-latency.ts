/**
 * `npm run bench:latency`: end-to-end latency from an OPC UA value change to the MQTT message a
 * subscriber receives, on loopback:
 *
 *   sim PLC setState(GoodCount = i) -> opcua-subscribe -> mqtt-out (QoS 1) -> broker -> mqtt.js subscriber
 *
 * The flow runs in-process on the same FlowEngine the runtime's workers use. A probe node wired
 * next to mqtt-out records when the OPC UA notification reached the flow, which splits the figure
 * into the OPC UA part and the MQTT hop. Every change carries its index, so the subscriber matches
 * receipts to changes exactly; duplicates (QoS 1) count once.
 *
 * Options: --changes N (default 2000, after 200 warm-up changes that are not counted),
 * --interval-ms (gap between changes, default 5),
 * --publishing-interval-ms (OPC UA subscription, default 50, the node-opcua minimum),
 * --brokers aedes,mosquitto,mosquitto5 (default all three).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Flow } from '@millwright/model';
import { nodes as mqttNodes, startEmbeddedBroker } from '@millwright/nodes-mqtt';
import { nodes as opcuaNodes } from '@millwright/nodes-opcua';
import { defineNode, runFlow } from '@millwright/sdk';
import { copyTestPki, startSimPlc } from '@millwright/sim-plc';
import { connectAsync } from 'mqtt';
import { z } from 'zod';
import { startMosquitto } from '../nodes/mqtt/testing/brokers.js';

const { values } = parseArgs({
  options: {
    changes: { type: 'string', default: '2000' },
    'interval-ms': { type: 'string', default: '5' },
    'publishing-interval-ms': { type: 'string', default: '50' },
    brokers: { type: 'string', default: 'aedes,mosquitto,mosquitto5' },
  },
});
const CHANGES = Number(values.changes);
const INTERVAL = Number(values['interval-ms']);
const PUBLISHING = Number(values['publishing-interval-ms']);
const BROKERS = (values.brokers ?? '').split(',').filter(Boolean);
if (!Number.isInteger(CHANGES) || CHANGES < 10) throw new Error('--changes must be an integer >= 10');
if (!(INTERVAL >= 0) || !(PUBLISHING >= 10)) throw new Error('--interval-ms >= 0 and --publishing-interval-ms >= 10');

const WARMUP = 200;
const TOPIC = 'acme/plant1/assembly/line1/machine1/good';
const NODE_ID = 'ns=1;s=Line1.Machine1.GoodCount';

/** Times at which the flow saw each counter value (filled by the probe node). */
const seenInFlow = new Map<number, number>();
const probe = defineNode({
  type: 'latency-probe',
  category: 'bench',
  version: 1,
  description: 'Records when each counter value reached the flow.',
  inputs: 1,
  outputs: [],
  config: z.object({}),
  setup: () => ({
    input(msg) {
      if (typeof msg.payload === 'number' && !seenInFlow.has(msg.payload))
        seenInFlow.set(msg.payload, performance.now());
    },
  }),
});

interface Result {
  broker: string;
  received: number;
  lost: number;
  opcua: number[];
  e2e: number[];
  hop: number[];
}

async function runOnce(
  label: string,
  url: string,
  protocol: '3.1.1' | '5',
  plcUrl: string,
  pki: string,
  setGood: (n: number) => void,
  base: number,
): Promise<Result> {
  seenInFlow.clear();
  const flow: Flow = {
    version: 1,
    id: 'latency',
    name: 'latency',
    nodes: [
      {
        id: 'sub',
        type: 'opcua-subscribe',
        typeVersion: 1,
        position: { x: 0, y: 0 },
        config: {
          endpoint: 'plc',
          items: [{ nodeId: NODE_ID }],
          samplingIntervalMs: 0,
          publishingIntervalMs: PUBLISHING,
          queueSize: 1000,
        },
      },
      {
        id: 'out',
        type: 'mqtt-out',
        typeVersion: 1,
        position: { x: 200, y: 0 },
        config: { broker: 'mq', topic: TOPIC, qos: 1 },
      },
      { id: 'probe', type: 'latency-probe', typeVersion: 1, position: { x: 200, y: 100 }, config: {} },
    ],
    wires: [
      { from: { node: 'sub', port: 0 }, to: { node: 'out', port: 0 } },
      { from: { node: 'sub', port: 0 }, to: { node: 'probe', port: 0 } },
    ],
    configs: [
      {
        id: 'plc',
        type: 'opcua-endpoint',
        typeVersion: 1,
        config: { endpointUrl: plcUrl, pkiFolder: pki, trustUnknownServerCertificates: true },
      },
      { id: 'mq', type: 'mqtt-broker', typeVersion: 1, config: { url, protocol } },
    ],
  };
  const subscriber = await connectAsync(url, { protocolVersion: protocol === '5' ? 5 : 4 });
  const receivedAt = new Map<number, number>();
  subscriber.on('message', (_t, payload) => {
    const n = Number(payload.toString());
    if (!receivedAt.has(n)) receivedAt.set(n, performance.now());
  });
  await subscriber.subscribeAsync(TOPIC, { qos: 1 });
  const h = await runFlow(flow, [...opcuaNodes, ...mqttNodes, probe]);
  // The initial value arrives first; from then on the subscription is live.
  await waitFor(() => seenInFlow.size > 0, 15_000, 'the OPC UA subscription');
  await waitFor(() => receivedAt.size > 0, 15_000, 'the first MQTT message');

  const sentAt = new Map<number, number>();
  for (let i = 1 - WARMUP; i <= CHANGES; i++) {
    const value = base + i;
    if (i > 0) sentAt.set(value, performance.now());
    setGood(value);
    if (INTERVAL > 0) await sleep(INTERVAL);
    else if (i % 50 === 0) await sleep(0);
  }
  const done = () => [...sentAt.keys()].every((v) => receivedAt.has(v));
  await waitFor(done, 10_000, 'all messages').catch(() => undefined);
  await h.stop();
  await subscriber.endAsync();

  const opcua: number[] = [];
  const e2e: number[] = [];
  const hop: number[] = [];
  for (const [value, t0] of sentAt) {
    const tFlow = seenInFlow.get(value);
    const tMqtt = receivedAt.get(value);
    if (tFlow !== undefined) opcua.push(tFlow - t0);
    if (tMqtt !== undefined) e2e.push(tMqtt - t0);
    if (tFlow !== undefined && tMqtt !== undefined) hop.push(tMqtt - tFlow);
  }
  return { broker: label, received: e2e.length, lost: CHANGES - e2e.length, opcua, e2e, hop };
}

function percentile(xs: number[], p: number): number {
  if (!xs.length) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'millwright-latency-'));
  const pki = await copyTestPki(dir);
  // Advertising 0 lets every change through; the default would fold changes within 50 ms into one.
  const plc = await startSimPlc({ simulate: false, pkiFolder: pki.plc, minSupportedSampleRate: 0 });
  const results: Result[] = [];
  try {
    let base = 0;
    for (const b of BROKERS) {
      base += CHANGES * 10;
      if (b === 'aedes') {
        const broker = await startEmbeddedBroker({ port: 0 });
        try {
          results.push(
            await runOnce(
              'aedes 1.2 (MQTT 3.1.1)',
              broker.url,
              '3.1.1',
              plc.endpointUrl,
              pki.client,
              (n) => plc.setState({ goodCount: n }),
              base,
            ),
          );
        } finally {
          await broker.close();
        }
      } else if (b === 'mosquitto' || b === 'mosquitto5') {
        const broker = await startMosquitto();
        try {
          const v5 = b === 'mosquitto5';
          results.push(
            await runOnce(
              `mosquitto 2.0 (MQTT ${v5 ? '5' : '3.1.1'})`,
              broker.url,
              v5 ? '5' : '3.1.1',
              plc.endpointUrl,
              pki.client,
              (n) => plc.setState({ goodCount: n }),
              base,
            ),
          );
        } finally {
          await broker.stop();
        }
      } else throw new Error(`unknown broker "${b}" (aedes, mosquitto, mosquitto5)`);
    }
  } finally {
    await plc.stop();
    await rm(dir, { recursive: true, force: true });
  }

  const ms = (n: number) => (Number.isNaN(n) ? '-' : n.toFixed(1));
  const rows = [
    ['broker', 'received', 'lost', 'OPC UA p50', 'p99', 'MQTT hop p50', 'p99', 'end-to-end p50', 'p99', 'max'],
    ...results.map((r) => [
      r.broker,
      String(r.received),
      String(r.lost),
      ms(percentile(r.opcua, 50)),
      ms(percentile(r.opcua, 99)),
      ms(percentile(r.hop, 50)),
      ms(percentile(r.hop, 99)),
      ms(percentile(r.e2e, 50)),
      ms(percentile(r.e2e, 99)),
      ms(Math.max(...r.e2e)),
    ]),
  ];
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((row) => (row[c] ?? '').length))) ?? [];
  console.log(
    `\nOPC UA change -> MQTT receive latency, ms (${CHANGES} changes every ${INTERVAL} ms, publishing interval ${PUBLISHING} ms, QoS 1, loopback)`,
  );
  for (const row of rows)
    console.log(
      row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join('  '),
    );
}

await main();
