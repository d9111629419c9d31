import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readOutbox } from '@millwright/outbox';
import { runFlow, type FlowHarness } from '@millwright/sdk';
import type { MqttClient } from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedBroker, type EmbeddedBroker } from '../broker/embedded-broker.js';
import { nodes } from '../index.js';
import { decodePayload, encodePayload, type SparkplugPayload } from '../sparkplug/sparkplug-payload.js';
import { startMosquitto, type Mosquitto } from '../testing/brokers.js';
import { brokerNode, flowOf, lastStatus, rawClient, until } from '../testing/flows.js';
import { startTcpProxy, type TcpProxy } from '../testing/tcp-proxy.js';

/*
 * The Sparkplug 3.0 primary host application against real brokers. Test names carry the
 * normative statement ids (tck-id-...) of the Sparkplug 3.0 specification they check.
 */

let aedes: EmbeddedBroker;
let mosquitto: Mosquitto;
let h: FlowHarness | undefined;
let proxy: TcpProxy | undefined;
const clients: MqttClient[] = [];
let dataDir: string | undefined;
beforeAll(async () => {
  [aedes, mosquitto] = await Promise.all([startEmbeddedBroker({ port: 0 }), startMosquitto()]);
});
afterAll(async () => {
  await Promise.all([aedes?.close(), mosquitto?.stop()]);
});
afterEach(async () => {
  await h?.stop();
  h = undefined;
  await Promise.all(clients.splice(0).map((c) => c.endAsync(true)));
  await proxy?.close();
  proxy = undefined;
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  dataDir = undefined;
});

interface Target {
  name: string;
  short: string;
  port: () => number;
  protocol: '3.1.1' | '5';
}
const targets: Target[] = [
  { name: 'aedes, MQTT 3.1.1', short: 'aedes', port: () => aedes.port, protocol: '3.1.1' },
  { name: 'mosquitto, MQTT 5', short: 'mosq', port: () => mosquitto.port, protocol: '5' },
];

interface StateSeen {
  online: boolean;
  timestamp: number;
  qos: number;
  retain: boolean;
  at: number;
}

describe.each(targets)('sparkplug-host on $name', (target) => {
  const direct = () => `mqtt://127.0.0.1:${target.port()}`;
  const client = async () => {
    const c = await rawClient(direct(), target.protocol);
    clients.push(c);
    return c;
  };
  /** STATE messages of `hostId` as a subscriber at QoS 2 gets them (so the QoS seen is the publisher's). */
  const watchState = async (hostId: string) => {
    const seen: StateSeen[] = [];
    const c = await client();
    c.on('message', (_topic, payload, packet) => {
      const s = JSON.parse(payload.toString()) as { online: boolean; timestamp: number };
      seen.push({ ...s, qos: packet.qos, retain: packet.retain, at: Date.now() });
    });
    await c.subscribeAsync(`spBv1.0/STATE/${hostId}`, { qos: 2 });
    return seen;
  };
  /** What a new subscriber gets: the retained STATE. */
  const retainedState = async (hostId: string) => {
    const seen = await watchState(hostId);
    await until(() => seen.length > 0, 'the retained STATE', 2_000);
    return seen[0];
  };
  const hostNode = (hostId: string, groupId: string, brokerId = 'p') => ({
    id: 'host',
    type: 'sparkplug-host',
    config: { broker: brokerId, hostId, groupId },
  });
  const viaProxy = async () => {
    proxy = await startTcpProxy({ port: target.port() });
    return brokerNode('p', proxy.url, { protocol: target.protocol });
  };

  it(
    'STATE birth retained at QoS 1, the will when the connection dies, offline on a clean stop ' +
      '(tck-id-host-topic-phid-birth-topic, -birth-qos, -birth-retain, -birth-payload, -birth-payload-timestamp, ' +
      'tck-id-host-topic-phid-death-required, -death-qos, -death-retain, -death-payload, -death-payload-timestamp-connect, ' +
      'tck-id-payloads-state-will-message-qos, -retain, -payload, tck-id-host-topic-phid-death-payload-timestamp-disconnect-clean, ' +
      'tck-id-operational-behavior-host-application-termination)',
    async () => {
      const hostId = `scada-${target.short}-a`;
      const live = await watchState(hostId);
      const started = Date.now();
      h = await runFlow(flowOf([hostNode(hostId, 'ga')], [await viaProxy()]), nodes);
      const flow = h;
      await until(() => live.some((s) => s.online), 'the STATE birth');
      expect(lastStatus(flow, 'host')).toMatchObject({ fill: 'green', text: `online as ${hostId}` });
      const birth = await retainedState(hostId);
      expect(birth).toMatchObject({ online: true, qos: 1, retain: true });
      const t1 = birth?.timestamp ?? 0;
      expect(t1).toBeGreaterThanOrEqual(started);
      expect(t1).toBeLessThanOrEqual(Date.now());

      // The host's connection dies without DISCONNECT: the broker publishes its will.
      const cut = Date.now();
      proxy?.cut({ refuse: true });
      await until(() => live.some((s) => !s.online), 'the will');
      const will = live.find((s) => !s.online);
      console.log(`[${target.short}] will seen ${(will?.at ?? 0) - cut} ms after the connection was cut`);
      // The will carries the timestamp of the CONNECT it came with, the birth's.
      expect(will).toMatchObject({ online: false, timestamp: t1 });
      expect(await retainedState(hostId)).toMatchObject({ online: false, timestamp: t1, qos: 1, retain: true });

      // Back: a new CONNECT, a new will and birth with its time.
      proxy?.accept();
      await until(() => live.filter((s) => s.online).length === 2, 'the birth of the next session');
      const t2 = live.filter((s) => s.online)[1]?.timestamp ?? 0;
      expect(t2).toBeGreaterThan(t1);
      expect(await retainedState(hostId)).toMatchObject({ online: true, timestamp: t2, retain: true });

      // A clean stop says offline first, with the time of the stop.
      await flow.stop();
      h = undefined;
      await until(() => live.filter((s) => !s.online).length === 2, 'the offline STATE of the stop');
      const stop = live.filter((s) => !s.online)[1];
      expect(stop?.timestamp).toBeGreaterThanOrEqual(t2);
      expect(await retainedState(hostId)).toMatchObject({ online: false, timestamp: stop?.timestamp, retain: true });
    },
  );

  it(
    'an edge node waits for its primary host, goes quiet and stores while it is offline, then births and sends the history ' +
      '(tck-id-message-flow-edge-node-birth-publish-phid-wait, tck-id-operational-behavior-edge-node-birth-sequence-wait, ' +
      'tck-id-message-flow-edge-node-birth-publish-phid-offline, tck-id-operational-behavior-edge-node-termination-host-offline, ' +
      'tck-id-message-flow-edge-node-birth-publish-nbirth-payload-bdSeq, tck-id-payloads-ndeath-bdseq, ' +
      'tck-id-payloads-ndeath-will-message-publisher-disconnect-mqtt311, -mqtt50)',
    async () => {
      const hostId = `scada-${target.short}-b`;
      const group = `gb-${target.short}`;
      const seen: Array<{ type: string; payload: SparkplugPayload; at: number }> = [];
      const watcher = await client();
      watcher.on('message', (topic, payload) =>
        seen.push({ type: topic.split('/')[2] ?? '', payload: decodePayload(payload), at: Date.now() }),
      );
      await watcher.subscribeAsync(`spBv1.0/${group}/#`, { qos: 1 });
      const ofType = (type: string) => seen.filter((s) => s.type === type);
      const historical = () => ofType('NDATA').filter((s) => s.payload.metrics[0]?.isHistorical);
      const bdSeqOf = (p?: SparkplugPayload) => p?.metrics.find((m) => m.name === 'bdSeq');

      const viaP = await viaProxy();
      proxy?.cut({ refuse: true }); // the host cannot reach the broker yet
      dataDir = await mkdtemp(join(tmpdir(), 'mw-sphost-'));
      h = await runFlow(
        flowOf(
          [
            hostNode(hostId, group),
            {
              id: 'edge',
              type: 'sparkplug-out',
              config: { broker: 'b', groupId: group, edgeNodeId: 'line1', primaryHostId: hostId, baseDelayMs: 50 },
            },
          ],
          [viaP, brokerNode('b', direct(), { protocol: target.protocol })],
        ),
        nodes,
        { dataDir },
      );
      const flow = h;
      const queued = () => readOutbox(join(dataDir ?? '', 'outbox'), 'edge')?.pending.length;
      await until(() => /waiting for primary host/.test(lastStatus(flow, 'edge')?.text ?? ''), 'the edge node waiting');
      flow.send('edge', { payload: { temp: 1 } });
      await until(() => queued() === 1, 'the value taken before the birth queued');
      await new Promise((r) => setTimeout(r, 300));
      expect(seen).toEqual([]); // connected, but no birth and no data without the host

      const hostBack = Date.now();
      proxy?.accept();
      await until(() => historical().length === 1, 'the birth and the history');
      const birth1 = ofType('NBIRTH')[0];
      console.log(`[${target.short}] NBIRTH ${(birth1?.at ?? 0) - hostBack} ms after the host could connect`);
      expect(bdSeqOf(birth1?.payload)).toMatchObject({ datatype: 'Int64' });
      expect(birth1?.payload.metrics.find((m) => m.name === 'temp')?.value).toBe(1);
      expect(historical()[0]?.payload.metrics[0]).toMatchObject({ name: 'temp', value: 1, isHistorical: true });

      flow.send('edge', { payload: { temp: 2 } });
      await until(() => flow.outputs('host').some((m) => m.payload === 2), 'live data at the host');
      expect(ofType('NDATA').find((s) => s.payload.metrics[0]?.value === 2)?.payload.metrics[0]?.isHistorical).toBe(
        undefined,
      );

      // The host goes away: its will says offline, the edge node ends its session and waits again.
      proxy?.cut({ refuse: true });
      await until(() => ofType('NDEATH').length >= 1, 'the NDEATH');
      const death = ofType('NDEATH')[0];
      // The NDEATH has the session's bdSeq, as the NBIRTH did, typed Int64 in both.
      expect(death?.payload.metrics).toEqual([bdSeqOf(birth1?.payload)]);
      expect(death?.payload.seq).toBeUndefined();
      await until(() => /waiting for primary host/.test(lastStatus(flow, 'edge')?.text ?? ''), 'waiting again');
      const quietFrom = seen.length;
      flow.send('edge', { payload: { temp: 3 } });
      flow.send('edge', { payload: { temp: 4 } });
      await until(() => queued() === 2, 'two values stored while the host is offline');
      await new Promise((r) => setTimeout(r, 200));
      expect(seen.slice(quietFrom).filter((s) => s.type !== 'NDEATH')).toEqual([]); // quiet
      // One NDEATH: published by the edge node on 3.1.1, by the broker as the will on MQTT 5 (reason code 0x04).
      expect(ofType('NDEATH')).toHaveLength(1);

      proxy?.accept();
      await until(() => historical().length === 3, 'the stored values as history');
      const birth2 = ofType('NBIRTH')[1];
      expect(Number(bdSeqOf(birth2?.payload)?.value)).toBe(Number(bdSeqOf(birth1?.payload)?.value) + 1);
      expect(birth2?.payload.metrics.find((m) => m.name === 'temp')?.value).toBe(4); // the birth has the latest
      const history = historical().slice(1);
      expect(history.map((s) => s.payload.metrics[0]?.value)).toEqual([3, 4]);
      expect(seen.indexOf(birth2!)).toBeLessThan(seen.indexOf(history[0]!));
      await until(() => queued() === 0, 'an empty queue');

      // The host saw all of it: values with their historical flag, and the edge node's states.
      await until(
        () => flow.outputs('host').filter((m) => (m.sparkplug as { isHistorical: boolean }).isHistorical).length >= 3,
        'the host outputs the history',
      );
      const temps = flow
        .outputs('host')
        .filter((m) => m.topic === `${group}/line1/temp`)
        .map((m) => [m.payload, (m.sparkplug as { isHistorical: boolean; datatype: string }).isHistorical]);
      expect(temps).toEqual(
        expect.arrayContaining([
          [1, true],
          [2, false],
          [3, true],
          [4, true],
          [4, false],
        ]),
      );
      // The host missed the NDEATH while it was away; the birth with the next bdSeq tells it the
      // old session ended, so its state output goes offline and online again.
      expect(
        flow
          .outputs('host', 1)
          .slice(0, 3)
          .map((m) => [m.topic, (m.payload as { online: boolean }).online]),
      ).toEqual([
        [`${group}/line1`, true],
        [`${group}/line1`, false],
        [`${group}/line1`, true],
      ]);
    },
  );

  it(
    'asks for a rebirth on a seq gap, data before the birth and an unknown alias; resolves aliases ' +
      '(tck-id-operational-behavior-data-commands-ncmd-rebirth-verb, -ncmd-rebirth-name, -ncmd-rebirth-value, ' +
      'tck-id-payloads-ncmd-qos, tck-id-payloads-ncmd-timestamp)',
    async () => {
      const hostId = `scada-${target.short}-c`;
      const group = `gc-${target.short}`;
      const commands: Array<{ edge: string; qos: number; payload: SparkplugPayload; at: number }> = [];
      const edge = await client();
      edge.on('message', (topic, payload, packet) =>
        commands.push({
          edge: topic.split('/')[3] ?? '',
          qos: packet.qos,
          payload: decodePayload(payload),
          at: Date.now(),
        }),
      );
      await edge.subscribeAsync(`spBv1.0/${group}/NCMD/+`, { qos: 1 });
      h = await runFlow(
        flowOf([hostNode(hostId, group, 'b')], [brokerNode('b', direct(), { protocol: target.protocol })]),
        nodes,
      );
      const flow = h;
      await until(() => lastStatus(flow, 'host')?.fill === 'green', 'the host online');
      const pub = (type: string, edgeNode: string, p: SparkplugPayload) =>
        edge.publishAsync(`spBv1.0/${group}/${type}/${edgeNode}`, Buffer.from(encodePayload(p)));
      const bd = { name: 'bdSeq', datatype: 'Int64' as const, value: 0 };

      await pub('NBIRTH', 'e1', { seq: 0, metrics: [bd, { name: 'temp', alias: 1, datatype: 'Double', value: 20 }] });
      const quality = { Quality: { type: 'Int32' as const, value: 192 } };
      await pub('NDATA', 'e1', {
        seq: 1,
        metrics: [{ alias: 1, datatype: 'Double', value: 21, timestamp: 5, properties: quality }],
      });
      await until(() => flow.outputs('host').some((m) => m.payload === 21), 'the value sent by alias');
      expect(flow.outputs('host').find((m) => m.payload === 21)).toMatchObject({
        topic: `${group}/e1/temp`,
        sparkplug: {
          name: 'temp',
          alias: 1,
          datatype: 'Double',
          timestamp: 5,
          isHistorical: false,
          seq: 1,
          properties: quality,
        },
      });
      expect(commands).toEqual([]);
      const gapAt = Date.now();
      await pub('NDATA', 'e1', { seq: 3, metrics: [] }); // seq 2 was lost
      await pub('NDATA', 'e2', { seq: 7, metrics: [] }); // no birth seen
      await pub('NBIRTH', 'e3', { seq: 0, metrics: [bd] });
      await pub('NDATA', 'e3', { seq: 1, metrics: [{ alias: 9, datatype: 'Double', value: 1 }] }); // never born
      await until(() => commands.length === 3, 'three rebirth requests');
      console.log(`[${target.short}] rebirth requests within ${Math.max(...commands.map((c) => c.at)) - gapAt} ms`);
      expect(commands.map((c) => c.edge).sort()).toEqual(['e1', 'e2', 'e3']);
      for (const c of commands) {
        expect(c.qos).toBe(0);
        expect(c.payload.seq).toBeUndefined();
        expect(c.payload.timestamp).toBeGreaterThanOrEqual(gapAt);
        expect(c.payload.metrics).toMatchObject([{ name: 'Node Control/Rebirth', datatype: 'Boolean', value: true }]);
      }
      expect(flow.outputs('host', 1).map((m) => [m.topic, (m.payload as { online: boolean }).online])).toEqual([
        [`${group}/e1`, true],
        [`${group}/e3`, true],
      ]);
    },
  );

  it(
    'with a Reorder Timeout, puts early messages back in order and asks for a rebirth only when the missing one does not come ' +
      '(tck-id-operational-behavior-host-reordering-param, -reordering-start, -reordering-success, -reordering-rebirth)',
    async () => {
      const group = `gd-${target.short}`;
      const commands: number[] = [];
      const edge = await client();
      edge.on('message', () => commands.push(Date.now()));
      await edge.subscribeAsync(`spBv1.0/${group}/NCMD/+`, { qos: 1 });
      h = await runFlow(
        flowOf(
          [
            {
              id: 'host',
              type: 'sparkplug-host',
              config: { broker: 'b', hostId: `scada-${target.short}-d`, groupId: group, reorderTimeoutMs: 300 },
            },
          ],
          [brokerNode('b', direct(), { protocol: target.protocol })],
        ),
        nodes,
      );
      const flow = h;
      await until(() => lastStatus(flow, 'host')?.fill === 'green', 'the host online');
      const pub = (type: string, p: SparkplugPayload) =>
        edge.publishAsync(`spBv1.0/${group}/${type}/e1`, Buffer.from(encodePayload(p)));
      const temp = (value: number) => ({ alias: 1, datatype: 'Double' as const, value });
      const values = () => flow.outputs('host').map((m) => m.payload);

      await pub('NBIRTH', {
        seq: 0,
        metrics: [
          { name: 'bdSeq', datatype: 'Int64', value: 0 },
          { name: 'temp', alias: 1, datatype: 'Double', value: 20 },
        ],
      });
      await pub('NDATA', { seq: 2, metrics: [temp(22)] }); // ahead: held
      await pub('NDATA', { seq: 1, metrics: [temp(21)] }); // the missing one, in time
      await until(() => values().length === 3, 'the three values');
      expect(values()).toEqual([20, 21, 22]);
      await new Promise((r) => setTimeout(r, 400)); // past the timeout: still no rebirth
      expect(commands).toEqual([]);

      const sent = Date.now();
      await pub('NDATA', { seq: 4, metrics: [temp(24)] }); // 3 never comes
      await until(() => commands.length === 1, 'the rebirth request after the timeout');
      console.log(
        `[${target.short}] rebirth request ${(commands[0] ?? 0) - sent} ms after the early message (timeout 300 ms)`,
      );
      expect((commands[0] ?? 0) - sent).toBeGreaterThanOrEqual(290);
      expect(values().at(-1)).toBe(24); // released to the flow with the gap
    },
  );
});
