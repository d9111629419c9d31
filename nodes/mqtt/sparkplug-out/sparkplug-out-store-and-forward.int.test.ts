import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readOutbox } from '@millwright/outbox';
import { runFlow, type FlowHarness } from '@millwright/sdk';
import { connectAsync, type MqttClient } from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { nodes } from '../index.js';
import { decodePayload, type SparkplugPayload } from '../sparkplug/sparkplug-payload.js';
import { freePort, startMosquitto, type Mosquitto } from '../testing/brokers.js';
import { brokerNode, flowOf, lastStatus, until } from '../testing/flows.js';

let mosquitto: Mosquitto;
let h: FlowHarness | undefined;
let watcher: MqttClient | undefined;
let dataDir: string | undefined;
beforeAll(async () => {
  mosquitto = await startMosquitto();
});
afterAll(async () => {
  await mosquitto?.stop();
});
afterEach(async () => {
  await h?.stop();
  await watcher?.endAsync(true);
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  h = undefined;
  watcher = undefined;
  dataDir = undefined;
});

describe('sparkplug-out store-and-forward (mosquitto)', () => {
  it('keeps values taken while the broker is down and sends them after the birth as historical data', async () => {
    // A persistent session (mosquitto queues QoS 0 for it) sees everything around the restart.
    const seen: Array<{ type: string; payload: SparkplugPayload }> = [];
    watcher = await connectAsync(mosquitto.url, { clientId: 'spb-sf-watcher', clean: false, reconnectPeriod: 100 });
    watcher.on('message', (topic, payload) =>
      seen.push({ type: topic.split('/')[2] ?? '', payload: decodePayload(payload) }),
    );
    await watcher.subscribeAsync('spBv1.0/plant7/#', { qos: 1 });

    dataDir = await mkdtemp(join(tmpdir(), 'mw-spb-sf-'));
    h = await runFlow(
      flowOf(
        [
          {
            id: 'edge',
            type: 'sparkplug-out',
            config: { broker: 'b', groupId: 'plant7', edgeNodeId: 'line1', baseDelayMs: 50 },
          },
        ],
        [brokerNode('b', mosquitto.url, { reconnectPeriodMs: 200 })],
      ),
      nodes,
      { dataDir },
    );
    const flow = h;
    await until(() => lastStatus(flow, 'edge')?.fill === 'green', 'online');
    flow.send('edge', { payload: { temp: 20 } });
    await until(
      () => seen.some((s) => s.type === 'NBIRTH' && s.payload.metrics.some((m) => m.name === 'temp')),
      'temp born',
    );

    const back = mosquitto.restart(2_000);
    await until(() => /offline/.test(lastStatus(flow, 'edge')?.text ?? ''), 'offline');
    const before = Date.now();
    for (const temp of [21, 22, 23]) {
      flow.send('edge', { payload: { temp } });
      await new Promise((r) => setTimeout(r, 20));
    }
    await until(() => readOutbox(join(dataDir ?? '', 'outbox'), 'edge')?.pending.length === 3, '3 queued on disk');
    await back;

    const historical = () => seen.filter((s) => s.type === 'NDATA' && s.payload.metrics[0]?.isHistorical);
    await until(() => historical().length === 3, 'the three historical values', 15_000);
    const births = seen.filter((s) => s.type === 'NBIRTH');
    const rebirth = births.at(-1);
    // The new session's birth restates the latest value; the history follows it, in order.
    expect(rebirth?.payload.metrics.find((m) => m.name === 'temp')?.value).toBe(23);
    expect(seen.indexOf(rebirth!)).toBeLessThan(seen.indexOf(historical()[0]!));
    expect(historical().map((s) => s.payload.metrics[0]?.value)).toEqual([21, 22, 23]);
    expect(historical().map((s) => s.payload.seq)).toEqual([1, 2, 3]); // the new session's numbering
    const taken = historical().map((s) => Number(s.payload.metrics[0]?.timestamp));
    expect(taken[0]).toBeGreaterThanOrEqual(before - 5);
    expect([...taken].sort((a, b) => a - b)).toEqual(taken);
    await until(() => readOutbox(join(dataDir ?? '', 'outbox'), 'edge')?.pending.length === 0, 'an empty queue');
  });

  it('after a restart, declares the queued metrics in the first birth and sends their history', async () => {
    const seen: Array<{ type: string; payload: SparkplugPayload }> = [];
    watcher = await connectAsync(mosquitto.url, { reconnectPeriod: 100 });
    watcher.on('message', (topic, payload) =>
      seen.push({ type: topic.split('/')[2] ?? '', payload: decodePayload(payload) }),
    );
    await watcher.subscribeAsync('spBv1.0/plant8/#', { qos: 1 });
    dataDir = await mkdtemp(join(tmpdir(), 'mw-spb-sf-'));
    const edgeNode = (url: string) =>
      flowOf(
        [{ id: 'edge', type: 'sparkplug-out', config: { broker: 'b', groupId: 'plant8', edgeNodeId: 'line2' } }],
        [brokerNode('b', url, { reconnectPeriodMs: 200 })],
      );
    // First run: the broker is unreachable (nothing listens), values are queued, the runtime stops.
    const first = await runFlow(edgeNode(`mqtt://127.0.0.1:${await freePort()}`), nodes, { dataDir });
    h = first;
    first.send('edge', { payload: { pressure: 1.5 } });
    first.send('edge', { payload: { pressure: 1.7 } });
    await until(() => readOutbox(join(dataDir ?? '', 'outbox'), 'edge')?.pending.length === 2, '2 queued');
    await first.stop();

    h = await runFlow(edgeNode(mosquitto.url), nodes, { dataDir });
    const historical = () => seen.filter((s) => s.type === 'NDATA' && s.payload.metrics[0]?.isHistorical);
    await until(() => historical().length === 2, 'the history after the restart', 15_000);
    const birth = seen.find((s) => s.type === 'NBIRTH');
    expect(birth?.payload.metrics.find((m) => m.name === 'pressure')).toMatchObject({ datatype: 'Double', value: 1.7 });
    expect(historical().map((s) => s.payload.metrics[0]?.value)).toEqual([1.5, 1.7]);
  });
});
