import { runFlow, type FlowHarness } from '@millwright/sdk';
import type { IPublishPacket, MqttClient } from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedBroker, type EmbeddedBroker } from '../broker/embedded-broker.js';
import { nodes } from '../index.js';
import { startMosquitto, type Mosquitto } from '../testing/brokers.js';
import { brokerNode, flowOf, lastStatus, rawClient, until, type BrokerTarget } from '../testing/flows.js';

let aedes: EmbeddedBroker;
let mosquitto: Mosquitto;
let h: FlowHarness | undefined;
let sub: MqttClient | undefined;

beforeAll(async () => {
  [aedes, mosquitto] = await Promise.all([startEmbeddedBroker({ port: 0 }), startMosquitto()]);
});
afterAll(async () => {
  await Promise.all([aedes?.close(), mosquitto?.stop()]);
});
afterEach(async () => {
  await h?.stop();
  await sub?.endAsync(true);
  h = undefined;
  sub = undefined;
});

const targets: BrokerTarget[] = [
  { name: 'aedes, MQTT 3.1.1', url: () => aedes.url, protocol: '3.1.1' },
  { name: 'mosquitto, MQTT 3.1.1', url: () => mosquitto.url, protocol: '3.1.1' },
  { name: 'mosquitto, MQTT 5', url: () => mosquitto.url, protocol: '5' },
];

interface Received {
  topic: string;
  payload: Buffer;
  packet: IPublishPacket;
}

describe.each(targets)('mqtt-out on $name', (target) => {
  /** Starts an mqtt-out node and a raw subscriber on `filter`; returns what the subscriber receives. */
  const start = async (config: Record<string, unknown>, filter: string) => {
    sub = await rawClient(target.url(), target.protocol);
    const received: Received[] = [];
    sub.on('message', (topic, payload, packet) => received.push({ topic, payload, packet }));
    await sub.subscribeAsync(filter, { qos: 2 });
    h = await runFlow(
      flowOf(
        [{ id: 'out', type: 'mqtt-out', config: { broker: 'b', ...config } }],
        [brokerNode('b', target.url(), { protocol: target.protocol })],
      ),
      nodes,
    );
    const local = h;
    await until(() => lastStatus(local, 'out')?.fill === 'green', 'connected');
    return { h: local, received };
  };

  it('publishes JSON, text and bytes to the configured topic at the configured QoS', async () => {
    const { h, received } = await start({ topic: 'line1/m1/state', qos: 2 }, 'line1/#');
    h.send('out', { payload: { state: 'running', good: 12 } });
    h.send('out', { payload: 'idle' });
    h.send('out', { payload: new Uint8Array([0, 1, 255]) });
    h.send('out', { payload: 21.5, topic: 'ignored/for/config/source' });
    await until(() => received.length === 4, 'four messages');
    expect(received.map((r) => r.topic)).toEqual(Array(4).fill('line1/m1/state'));
    expect(received.map((r) => r.payload.toString('latin1'))).toEqual([
      '{"state":"running","good":12}',
      'idle',
      '\u0000\u0001\u00ff',
      '21.5',
    ]);
    expect(received.every((r) => r.packet.qos === 2)).toBe(true);
    expect(h.errors()).toEqual([]);
  });

  it('takes the topic from the message and refuses a message without one', async () => {
    const { h, received } = await start({ topicSource: 'message', qos: 1 }, 'dyn/#');
    h.send('out', { topic: 'dyn/a', payload: 1 });
    h.send('out', { payload: 2 });
    h.send('out', { topic: 'dyn/+/bad', payload: 3 });
    await until(() => received.length === 1 && h.errors('out').length === 2, 'one message and two errors');
    expect(received[0]?.topic).toBe('dyn/a');
    expect(h.errors('out').map((e) => e.error.code)).toEqual(['mqtt_bad_topic', 'mqtt_bad_topic']);
  });

  it('builds ISA-95 Unified Namespace topics', async () => {
    const isa95 = { enterprise: 'acme', site: 'plant1', area: 'assembly', line: 'line1' };
    const { h, received } = await start({ topicSource: 'isa95', isa95 }, 'acme/#');
    h.send('out', { topic: 'machine1/temperature', payload: 64.9 });
    h.send('out', { topic: 'oee', payload: 0.82, isa95: { line: 'line2' } });
    await until(() => received.length === 2, 'two messages');
    expect(received.map((r) => r.topic)).toEqual([
      'acme/plant1/assembly/line1/machine1/temperature',
      'acme/plant1/assembly/line2/oee',
    ]);
  });

  it('retains when asked, so a later subscriber gets the last value', async () => {
    const { h, received } = await start({ topic: 'keep/state', retain: true, qos: 1 }, 'keep/#');
    h.send('out', { payload: 'down' });
    await until(() => received.length === 1, 'the live message'); // the broker has it now
    expect(received[0]?.packet.retain).toBe(false); // live delivery to an existing subscriber
    const late = await rawClient(target.url(), target.protocol);
    try {
      const got: Received[] = [];
      late.on('message', (topic, payload, packet) => got.push({ topic, payload, packet }));
      await late.subscribeAsync('keep/state', { qos: 1 });
      await until(() => got.length === 1, 'the retained message');
      expect(got[0]?.payload.toString()).toBe('down');
      expect(got[0]?.packet.retain).toBe(true);
      await late.publishAsync('keep/state', '', { qos: 1, retain: true }); // clear it for the next target
    } finally {
      await late.endAsync(true);
    }
  });

  if (target.protocol === '5')
    it('forwards MQTT 5 properties from msg.mqtt', async () => {
      const { h, received } = await start({ topic: 'props/t', qos: 1 }, 'props/#');
      h.send('out', {
        payload: { a: 1 },
        mqtt: { contentType: 'application/json', userProperties: { line: 'L1' }, responseTopic: 'props/reply' },
      });
      await until(() => received.length === 1, 'the message');
      expect(received[0]?.packet.properties).toMatchObject({
        contentType: 'application/json',
        userProperties: { line: 'L1' },
        responseTopic: 'props/reply',
      });
    });
});
