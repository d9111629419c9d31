import type { FlowMessage } from '@millwright/model';
import { runFlow, type FlowHarness } from '@millwright/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedBroker, type EmbeddedBroker } from '../broker/embedded-broker.js';
import { nodes } from '../index.js';
import { decodePayload, encodePayload } from '../sparkplug/sparkplug-payload.js';
import { startMosquitto, type Mosquitto } from '../testing/brokers.js';
import { brokerNode, flowOf, lastStatus, rawClient, subscribed, until, type BrokerTarget } from '../testing/flows.js';

let aedes: EmbeddedBroker;
let mosquitto: Mosquitto;
let h: FlowHarness | undefined;
beforeAll(async () => {
  [aedes, mosquitto] = await Promise.all([startEmbeddedBroker({ port: 0 }), startMosquitto()]);
});
afterAll(async () => {
  await Promise.all([aedes?.close(), mosquitto?.stop()]);
});
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

interface Sp {
  messageType: string;
  seq?: number;
  online: boolean;
  seqGap?: { expected: number; received: number };
}
const sp = (m: FlowMessage | undefined) => m?.sparkplug as Sp;
const ofType = (h: FlowHarness, type: string) => h.outputs('host').filter((m) => sp(m).messageType === type);

const targets: BrokerTarget[] = [
  { name: 'aedes, MQTT 3.1.1', url: () => aedes.url, protocol: '3.1.1' },
  { name: 'mosquitto, MQTT 5', url: () => mosquitto.url, protocol: '5' },
];

describe.each(targets)('Sparkplug B edge node and host on $name', (target) => {
  const start = async (deviceId = '') => {
    h = await runFlow(
      flowOf(
        [
          { id: 'host', type: 'sparkplug-in', config: { broker: 'b', groupId: 'plant1' } },
          {
            id: 'edge',
            type: 'sparkplug-out',
            config: { broker: 'b', groupId: 'plant1', edgeNodeId: 'line1', deviceId },
          },
        ],
        [brokerNode('b', target.url(), { protocol: target.protocol })],
      ),
      nodes,
    );
    const flow = h;
    await subscribed(flow, 'host');
    await until(() => lastStatus(flow, 'edge')?.fill === 'green', 'the edge node online');
    // Both start at once: the edge node may be born before the host's subscription took effect
    // (seen on a loaded machine). Then ask for the birth the host missed, as a host would.
    await until(() => ofType(flow, 'NBIRTH').length === 1, 'the first birth', 1_000).catch(async () => {
      const raw = await rawClient(target.url(), target.protocol);
      const ask = encodePayload({ metrics: [{ name: 'Node Control/Rebirth', datatype: 'Boolean', value: true }] });
      await raw.publishAsync('spBv1.0/plant1/NCMD/line1', Buffer.from(ask));
      await raw.endAsync();
      await until(() => ofType(flow, 'NBIRTH').length === 1, 'the first birth');
    });
    return flow;
  };

  it('births, rebirths for new metrics and numbers the data', async () => {
    const h = await start();
    expect(h.outputs('host')[0]?.payload).toEqual({ bdSeq: 0, 'Node Control/Rebirth': false });
    h.send('edge', { payload: { temperature: 64.5, state: 'running' } }); // new metrics: rebirth
    await until(() => ofType(h, 'NBIRTH').length === 2, 'the rebirth');
    expect(ofType(h, 'NBIRTH')[1]?.payload).toMatchObject({ temperature: 64.5, state: 'running' });
    h.send('edge', { payload: { temperature: 65 } });
    h.send('edge', {
      payload: [
        { name: 'good', value: 12, datatype: 'UInt32' },
        { name: 'temperature', value: 65.5 },
      ],
    });
    await until(() => ofType(h, 'NBIRTH').length === 3, 'the rebirth announcing "good"');
    h.send('edge', { payload: { good: 13 } });
    await until(() => ofType(h, 'NDATA').length === 2, 'two data messages');
    expect(ofType(h, 'NDATA').map((m) => [sp(m).seq, m.payload])).toEqual([
      [1, { temperature: 65 }],
      [1, { good: 13 }], // the rebirth restarted seq at 0
    ]);
    expect(h.outputs('host').every((m) => sp(m).seqGap === undefined)).toBe(true);
    expect(h.outputs('host').map((m) => m.topic)).toContain('spBv1.0/plant1/NDATA/line1');
  });

  it('answers a sequence gap with a rebirth request and passes other commands to its output', async () => {
    const h = await start('plc1');
    h.send('edge', { payload: { count: 1 } });
    await until(() => ofType(h, 'DBIRTH').length === 2, 'the device rebirth');
    const raw = await rawClient(target.url(), target.protocol);
    try {
      // A data message out of sequence, as if one had been lost.
      await raw.publishAsync('spBv1.0/plant1/DDATA/line1/plc1', Buffer.from(encodePayload({ seq: 42, metrics: [] })));
      await until(() => h.outputs('host').some((m) => sp(m).seqGap !== undefined), 'the gap');
      expect(h.outputs('host').find((m) => sp(m).seqGap)?.sparkplug).toMatchObject({ seqGap: { received: 42 } });
      await until(() => ofType(h, 'NBIRTH').length === 3, 'the requested rebirth'); // 1 at connect, 1 for "count", 1 asked
      await raw.publishAsync(
        'spBv1.0/plant1/DCMD/line1/plc1',
        Buffer.from(encodePayload({ metrics: [{ name: 'setpoint', datatype: 'Double', value: 70 }] })),
      );
      await until(() => h.outputs('edge').length === 1, 'the command on the edge output');
      expect(h.outputs('edge')[0]).toMatchObject({
        payload: { setpoint: 70 },
        sparkplug: { messageType: 'DCMD', deviceId: 'plc1' },
      });
    } finally {
      await raw.endAsync(true);
    }
  });
});

describe('Sparkplug B sessions across a broker restart (mosquitto)', () => {
  it('rebirths with the next bdSeq, the host follows without a gap, and a stop sends the NDEATH', async () => {
    h = await runFlow(
      flowOf(
        [
          { id: 'host', type: 'sparkplug-in', config: { broker: 'b', groupId: 'plant2' } },
          { id: 'edge', type: 'sparkplug-out', config: { broker: 'b', groupId: 'plant2', edgeNodeId: 'line9' } },
        ],
        [brokerNode('b', mosquitto.url, { protocol: '5' })],
      ),
      nodes,
    );
    const flow = h;
    await subscribed(flow, 'host');
    await until(() => ofType(flow, 'NBIRTH').length === 1, 'the first birth');
    await mosquitto.restart(200);
    // The host either sees the edge node's own birth or, having reconnected after it, asks for one.
    await until(() => ofType(flow, 'NBIRTH').length >= 2, 'a birth after the restart', 15_000);
    const bdSeqs = () => ofType(flow, 'NBIRTH').map((m) => (m.payload as { bdSeq: number }).bdSeq);
    expect(bdSeqs()[0]).toBe(0);
    expect(bdSeqs()[1]).toBeGreaterThan(0); // a new session, a new bdSeq
    flow.send('edge', { payload: { x: 1 } });
    await until(() => ofType(flow, 'NBIRTH').some((m) => (m.payload as { x?: number }).x === 1), 'the rebirth for x');
    flow.send('edge', { payload: { x: 2 } });
    await until(() => ofType(flow, 'NDATA').some((m) => (m.payload as { x?: number }).x === 2), 'data');
    expect(sp(ofType(flow, 'NDATA').at(-1))).toMatchObject({ online: true });
    expect(flow.outputs('host').some((m) => sp(m).seqGap)).toBe(false);
    const births = bdSeqs();

    const watcher = await rawClient(mosquitto.url, '5');
    try {
      const deaths: Buffer[] = [];
      watcher.on('message', (_t, payload) => deaths.push(payload));
      await watcher.subscribeAsync('spBv1.0/plant2/NDEATH/line9', { qos: 1 });
      await flow.stop(); // a graceful stop publishes the NDEATH of the current session
      h = undefined;
      await until(() => deaths.length === 1, 'the NDEATH');
      expect(decodePayload(deaths[0] ?? Buffer.alloc(0)).metrics).toEqual([
        { name: 'bdSeq', datatype: 'Int64', value: births.at(-1) },
      ]);
    } finally {
      await watcher.endAsync(true);
    }
  });

  it('a host that reconnects asks the edge nodes it knows for a rebirth', async () => {
    h = await runFlow(
      flowOf(
        [{ id: 'host', type: 'sparkplug-in', config: { broker: 'b', groupId: 'plant3' } }],
        [brokerNode('b', mosquitto.url)],
      ),
      nodes,
    );
    const flow = h;
    await subscribed(flow, 'host');
    // A persistent session keeps the edge node subscribed to NCMD through the restart, whichever
    // client reconnects first (the broker queues the command if the edge node is not back yet).
    const edge = await rawClient(mosquitto.url, '3.1.1', { clean: false, clientId: `edge-${Date.now()}` });
    try {
      const commands: string[] = [];
      edge.on('message', (topic, payload) =>
        commands.push(`${topic} ${JSON.stringify(decodePayload(payload).metrics.map((m) => [m.name, m.value]))}`),
      );
      await edge.subscribeAsync('spBv1.0/plant3/NCMD/+', { qos: 1 });
      const birth = encodePayload({ seq: 0, metrics: [{ name: 'bdSeq', datatype: 'Int64', value: 0 }] });
      await edge.publishAsync('spBv1.0/plant3/NBIRTH/cell7', Buffer.from(birth));
      await until(() => ofType(flow, 'NBIRTH').length === 1, 'the birth');
      expect(commands).toEqual([]);
      await mosquitto.restart(100);
      await until(() => commands.length > 0, 'a rebirth request', 15_000);
      expect(commands[0]).toBe('spBv1.0/plant3/NCMD/cell7 [["Node Control/Rebirth",true]]');
    } finally {
      await edge.endAsync(true);
    }
  });
});
