import { runFlow, type FlowHarness } from '@millwright/sdk';
import type { MqttClient } from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedBroker, type EmbeddedBroker } from '../broker/embedded-broker.js';
import { nodes } from '../index.js';
import { startMosquitto, type Mosquitto } from '../testing/brokers.js';
import { brokerNode, flowOf, rawClient, subscribed, until, type BrokerTarget } from '../testing/flows.js';

let aedes: EmbeddedBroker;
let mosquitto: Mosquitto;
let h: FlowHarness | undefined;
let pub: MqttClient | undefined;

beforeAll(async () => {
  [aedes, mosquitto] = await Promise.all([startEmbeddedBroker({ port: 0 }), startMosquitto()]);
});
afterAll(async () => {
  await Promise.all([aedes?.close(), mosquitto?.stop()]);
});
afterEach(async () => {
  await h?.stop();
  await pub?.endAsync(true);
  h = undefined;
  pub = undefined;
});

const targets: BrokerTarget[] = [
  { name: 'aedes, MQTT 3.1.1', url: () => aedes.url, protocol: '3.1.1' },
  { name: 'mosquitto, MQTT 3.1.1', url: () => mosquitto.url, protocol: '3.1.1' },
  { name: 'mosquitto, MQTT 5', url: () => mosquitto.url, protocol: '5' },
];

describe.each(targets)('mqtt-in on $name', (target) => {
  const start = async (ins: Array<{ id: string; config: Record<string, unknown> }>) => {
    h = await runFlow(
      flowOf(
        ins.map((n) => ({ id: n.id, type: 'mqtt-in', config: { broker: 'b', ...n.config } })),
        [brokerNode('b', target.url(), { protocol: target.protocol })],
      ),
      nodes,
    );
    await subscribed(h, ...ins.map((n) => n.id));
    pub = await rawClient(target.url(), target.protocol);
    return h;
  };

  it('routes by wildcard and parses JSON, text and bytes', async () => {
    const h = await start([
      { id: 'temps', config: { topic: 'plant/+/temp', payloadFormat: 'json' } },
      { id: 'all', config: { topic: 'raw/#' } },
      { id: 'text', config: { topic: 'txt/#', payloadFormat: 'text' } },
      { id: 'bytes', config: { topic: 'bin/#', payloadFormat: 'binary' } },
    ]);
    const p = pub as MqttClient;
    await p.publishAsync('plant/m1/temp', '{"value":21.5}', { qos: 1 });
    await p.publishAsync('plant/m1/extra/temp', '{"value":0}', { qos: 1 }); // + is one level only
    await p.publishAsync('plant/m2/temp', '22', { qos: 1 });
    await p.publishAsync('raw/a', '{"x":[1,2]}');
    await p.publishAsync('raw/a/b/c', 'running');
    await p.publishAsync('raw', Buffer.from([0xff, 0x00, 0x80])); // # also matches the parent level
    await p.publishAsync('txt/1', '{"kept":"as text"}');
    await p.publishAsync('bin/1', Buffer.from('AB'));
    await until(() => h.outputs('all').length === 3 && h.outputs('temps').length === 2, 'messages');
    await until(() => h.outputs('text').length === 1 && h.outputs('bytes').length === 1, 'text and bytes');

    expect(h.outputs('temps').map((m) => [m.topic, m.payload])).toEqual([
      ['plant/m1/temp', { value: 21.5 }],
      ['plant/m2/temp', 22],
    ]);
    expect(h.outputs('all').map((m) => m.payload)).toEqual([
      { x: [1, 2] },
      'running',
      new Uint8Array([0xff, 0x00, 0x80]),
    ]);
    expect(h.outputs('text')[0]?.payload).toBe('{"kept":"as text"}');
    expect(h.outputs('bytes')[0]?.payload).toEqual(new Uint8Array([65, 66]));
    expect(h.outputs('temps')[0]).toMatchObject({ qos: 1, retain: false, mqtt: { dup: false } });
  });

  it('downgrades QoS to the subscription and flags retained messages', async () => {
    const setup = await rawClient(target.url(), target.protocol);
    await setup.publishAsync('ret/state', 'idle', { qos: 1, retain: true });
    await setup.endAsync();
    const h = await start([{ id: 'q', config: { topic: 'ret/#', qos: 1 } }]);
    await until(() => h.outputs('q').length === 1, 'the retained message');
    await (pub as MqttClient).publishAsync('ret/live', 'x', { qos: 2 });
    await until(() => h.outputs('q').length === 2, 'the live message');
    // aedes 1.2 forwards at the publisher's QoS instead of the granted one (MQTT 3.1.1 3.8.4); kept
    // visible here so an aedes fix shows up as a failing expectation.
    const liveQos = target.name.startsWith('aedes') ? 2 : 1;
    expect(h.outputs('q').map((m) => [m.topic, m.payload, m.qos, m.retain])).toEqual([
      ['ret/state', 'idle', 1, true],
      ['ret/live', 'x', liveQos, false],
    ]);
    await (pub as MqttClient).publishAsync('ret/state', '', { qos: 1, retain: true }); // clear it for the next target
  });

  it('raises mqtt_bad_json with the raw text when a json payload does not parse', async () => {
    const h = await start([{ id: 'j', config: { topic: 'json/in', payloadFormat: 'json' } }]);
    await (pub as MqttClient).publishAsync('json/in', 'not json', { qos: 1 });
    await until(() => h.errors('j').length === 1, 'an error');
    expect(h.errors('j')[0]?.error.code).toBe('mqtt_bad_json');
    expect(h.outputs('j')).toEqual([]);
  });

  if (target.protocol === '5') {
    it('delivers once per node with overlapping filters and passes MQTT 5 properties on', async () => {
      const h = await start([
        { id: 'wide', config: { topic: 'ov/#' } },
        { id: 'narrow', config: { topic: 'ov/+/x' } },
      ]);
      await (pub as MqttClient).publishAsync('ov/a/x', '{"n":1}', {
        qos: 1,
        properties: { contentType: 'application/json', userProperties: { line: 'L1' } },
      });
      await (pub as MqttClient).publishAsync('ov/a/y', '2', { qos: 1 });
      await until(() => h.outputs('wide').length === 2 && h.outputs('narrow').length === 1, 'deliveries');
      await new Promise((r) => setTimeout(r, 100)); // a duplicate would arrive by now
      expect(h.outputs('wide').map((m) => m.topic)).toEqual(['ov/a/x', 'ov/a/y']);
      expect(h.outputs('narrow')).toHaveLength(1);
      expect(h.outputs('narrow')[0]?.mqtt).toMatchObject({
        contentType: 'application/json',
        userProperties: { line: 'L1' },
      });
    });
  }
});
