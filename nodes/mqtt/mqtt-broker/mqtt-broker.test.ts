import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clientOptions } from './client-options.js';
import { mqttBrokerConfig } from './config.js';
import { brokerBadge } from './node-support.js';
import { filterProblem, topicMatches, topicProblem } from './topic-match.js';

describe('topic filters', () => {
  it.each([
    ['a/b/c', 'a/b/c', true],
    ['a/+/c', 'a/b/c', true],
    ['a/+/c', 'a/b/x/c', false],
    ['a/#', 'a', true], // # also matches the parent level
    ['a/#', 'a/b/c', true],
    ['#', 'a/b', true],
    ['+/+', 'a/b', true],
    ['+', 'a/b', false],
    ['a/+', 'a/', true], // an empty level is a level
    ['#', '$SYS/broker/uptime', false],
    ['+/broker/uptime', '$SYS/broker/uptime', false],
    ['$SYS/#', '$SYS/broker/uptime', true],
    ['$share/g1/plant/+/temp', 'plant/m1/temp', true],
    ['A/b', 'a/b', false],
  ])('%s matches %s: %s', (filter, topic, expected) => {
    expect(topicMatches(filter, topic)).toBe(expected);
  });

  it('validates filters and topics', () => {
    expect(filterProblem('a/#/b')).toMatch(/last/);
    expect(filterProblem('a/b#')).toMatch(/whole level/);
    expect(filterProblem('a+/b')).toMatch(/whole level/);
    expect(filterProblem('')).toMatch(/empty/);
    expect(filterProblem('a/+/#')).toBeUndefined();
    expect(topicProblem('a/+/b')).toMatch(/must not contain/);
    expect(topicProblem('')).toMatch(/empty/);
    expect(topicProblem('a/b')).toBeUndefined();
  });
});

describe('mqtt-broker config', () => {
  it('keeps a persistent session by default and pairs TLS certificate and key', () => {
    const bad = mqttBrokerConfig.safeParse({ url: 'mqtt://h:1883', tls: { certFile: '/c.pem' } });
    expect(bad.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['tls.keyFile']);
    expect(mqttBrokerConfig.safeParse({ url: 'http://h' }).success).toBe(false);
    expect(mqttBrokerConfig.parse({ url: 'mqtts://h:8883' })).toMatchObject({
      protocol: '3.1.1',
      cleanSession: false,
      keepaliveSec: 30,
    });
  });

  it('derives a stable client id for a persistent session, a random one for a clean session', async () => {
    const persistent = mqttBrokerConfig.parse({ url: 'mqtt://b:1883' });
    const a = await clientOptions(persistent, {}, 'flow-1/broker-1');
    const b = await clientOptions(persistent, {}, 'flow-1/broker-1');
    const other = await clientOptions(persistent, {}, 'flow-2/broker-1');
    expect(a).toMatchObject({ clean: false, clientId: b.clientId });
    expect(a.clientId).toMatch(/^millwright_[0-9a-f]{12}$/);
    expect(other.clientId).not.toBe(a.clientId);
    const clean = mqttBrokerConfig.parse({ url: 'mqtt://b:1883', cleanSession: true });
    const c1 = await clientOptions(clean, {}, 'flow-1/broker-1');
    const c2 = await clientOptions(clean, {}, 'flow-1/broker-1');
    expect(c1.clientId).not.toBe(c2.clientId);
    // MQTT 5 announces the window of messages received but not yet taken.
    const v5 = await clientOptions(mqttBrokerConfig.parse({ url: 'mqtt://b', protocol: '5' }), {}, 'k');
    expect(v5.properties).toMatchObject({ receiveMaximum: 1_000, sessionExpiryInterval: 3_600 });
  });

  it('builds mqtt.js options for MQTT 5 persistent sessions and TLS', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mqtt-opts-'));
    try {
      await writeFile(join(dir, 'ca.pem'), 'CA');
      await writeFile(join(dir, 'key.pem'), 'KEY');
      await writeFile(join(dir, 'cert.pem'), 'CERT');
      const cfg = mqttBrokerConfig.parse({
        url: 'mqtts://broker:8883',
        protocol: '5',
        clientId: 'line1-gw',
        cleanSession: false,
        sessionExpirySec: 600,
        username: 'gw',
        tls: { caFile: join(dir, 'ca.pem'), certFile: join(dir, 'cert.pem'), keyFile: join(dir, 'key.pem') },
      });
      const opts = await clientOptions(cfg, { password: 'pw', keyPassphrase: 'kp' });
      expect(opts).toMatchObject({
        protocolVersion: 5,
        clientId: 'line1-gw',
        clean: false,
        properties: { sessionExpiryInterval: 600, receiveMaximum: 1_000 },
        username: 'gw',
        password: 'pw',
        rejectUnauthorized: true,
      });
      expect(String(opts.ca)).toBe('CA');
      expect(opts.key).toEqual([{ pem: Buffer.from('KEY'), passphrase: 'kp' }]);
      const v3 = await clientOptions(mqttBrokerConfig.parse({ url: 'mqtt://b:1883', cleanSession: true }), {});
      expect(v3).toMatchObject({ protocolVersion: 4, clean: true });
      expect(v3.clientId).toMatch(/^millwright_[0-9a-f]{12}$/);
      expect(v3.properties).toBeUndefined();
      expect(v3.ca).toBeUndefined(); // TLS files only for mqtts:// and wss://
      await expect(
        clientOptions(mqttBrokerConfig.parse({ url: 'mqtts://b', tls: { caFile: join(dir, 'missing.pem') } }), {}),
      ).rejects.toMatchObject({ code: 'mqtt_tls_file' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('maps connection states to badges', () => {
    expect(brokerBadge({ state: 'connected' })).toEqual({ fill: 'green', shape: 'dot', text: 'connected' });
    expect(brokerBadge({ state: 'reconnecting', message: 'connection lost' })?.fill).toBe('red');
    expect(brokerBadge({ state: 'failed', message: 'Connection refused: Not authorized' })).toMatchObject({
      fill: 'red',
      shape: 'dot',
    });
  });
});
