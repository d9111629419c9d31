import type { Flow } from '@millwright/model';
import type { MqttClient } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { startMosquitto, type Mosquitto } from '../../nodes/mqtt/testing/brokers.js';
import { rawClient } from '../../nodes/mqtt/testing/flows.js';
import { startTestRuntime, type TestRuntime } from '../../runtime/src/testing/test-runtime.js';
import { waitFor } from './runtime-child.js';

// A deploy that restarts a delay node holding QoS 1 messages drops them unfinished: mqtt-in must
// not acknowledge them. The connection starts over and the broker sends them again, so all arrive.
let t: TestRuntime | undefined;
let broker: Mosquitto | undefined;
const clients: MqttClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.endAsync(true).catch(() => undefined)));
  await t?.close();
  t = undefined;
  await broker?.stop();
  broker = undefined;
});

const flow = (url: string, delayMs: number): Flow => ({
  version: 1,
  id: 'held',
  name: 'held',
  configs: [
    { id: 'held-broker', type: 'mqtt-broker', typeVersion: 1, config: { url, protocol: '5', reconnectPeriodMs: 100 } },
  ],
  nodes: [
    { id: 'held-in', type: 'mqtt-in', config: { broker: 'held-broker', topic: 'in/#', qos: 1 } },
    { id: 'held-delay', type: 'delay', config: { delayMs } },
    {
      id: 'held-out',
      type: 'mqtt-out',
      config: { broker: 'held-broker', topic: 'out', qos: 1, storeAndForward: 'off' },
    },
  ].map((n, i) => ({ typeVersion: 1, position: { x: i * 150, y: 0 }, ...n })),
  wires: [
    { from: { node: 'held-in', port: 0 }, to: { node: 'held-delay', port: 0 } },
    { from: { node: 'held-delay', port: 0 }, to: { node: 'held-out', port: 0 } },
  ],
});

describe('mqtt-in and messages dropped by a deploy', () => {
  it('gets QoS 1 messages again that a redeployed delay node dropped unfinished', { timeout: 60_000 }, async () => {
    broker = await startMosquitto();
    t = await startTestRuntime({
      isolation: 'pool',
      nodeModules: ['@millwright/nodes-core', '@millwright/nodes-mqtt'],
    });
    expect((await t.api('POST', '/api/flows', { flows: [flow(broker.url, 5_000)] })).status).toBe(200);
    const seen = new Set<number>();
    const out = await rawClient(broker.url, '3.1.1');
    clients.push(out);
    out.on('message', (_t, p) => seen.add((JSON.parse(p.toString()) as { n: number }).n));
    await out.subscribeAsync('out', { qos: 1 });
    const pub = await rawClient(broker.url, '3.1.1');
    clients.push(pub);
    await new Promise((r) => setTimeout(r, 1_000)); // the flow's subscription is on
    for (let n = 1; n <= 20; n++) await pub.publishAsync('in/x', JSON.stringify({ n }), { qos: 1 });
    await new Promise((r) => setTimeout(r, 500)); // all 20 wait in the 5 s delay
    // A 'nodes' deploy changes the delay: its old instance closes and drops what it holds.
    const r = await t.api('POST', '/api/flows', { flows: [flow(broker.url, 100)], mode: 'nodes' });
    expect(r.status).toBe(200);
    await waitFor(() => seen.size === 20, `all 20 at the output (got ${seen.size})`, 20_000).catch(() => undefined);
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });
});
