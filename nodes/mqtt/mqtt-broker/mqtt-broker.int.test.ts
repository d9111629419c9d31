import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NodeStatus } from '@millwright/model';
import { runFlow, type FlowHarness } from '@millwright/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { nodes } from '../index.js';
import { freePort, selfSignedCertificate, startMosquitto, type Mosquitto } from '../testing/brokers.js';
import { brokerNode, flowOf, lastStatus, subscribed, until } from '../testing/flows.js';

let mosquitto: Mosquitto;
let h: FlowHarness | undefined;
beforeAll(async () => {
  mosquitto = await startMosquitto();
});
afterAll(() => mosquitto?.stop());
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe.each(['3.1.1', '5'] as const)('persistent session across a mosquitto restart, MQTT %s', (protocol) => {
  it('delivers every QoS 1 message published before, during and after the restart', async () => {
    const N = 300;
    const topic = `restart/${protocol}`;
    const run = Math.random().toString(36).slice(2, 8);
    const session = { cleanSession: false, protocol };
    h = await runFlow(
      flowOf(
        [
          { id: 'out', type: 'mqtt-out', config: { broker: 'pub', topic, qos: 1 } },
          { id: 'in', type: 'mqtt-in', config: { broker: 'sub', topic, qos: 1, payloadFormat: 'json' } },
        ],
        [
          brokerNode('pub', mosquitto.url, { ...session, clientId: `pub-${run}` }),
          brokerNode('sub', mosquitto.url, { ...session, clientId: `sub-${run}` }),
        ],
      ),
      nodes,
    );
    const flow = h;
    await subscribed(flow, 'in');
    await until(() => lastStatus(flow, 'out')?.fill === 'green', 'the publisher to connect');

    let restart: Promise<void> | undefined;
    for (let i = 0; i < N; i++) {
      flow.send('out', { payload: { i } });
      if (i === N / 3) restart = mosquitto.restart(300); // the broker goes away mid-stream
      await new Promise((r) => setTimeout(r, 2));
    }
    await restart;
    const ids = () => new Set(flow.outputs('in').map((m) => (m.payload as { i: number }).i));
    await until(() => ids().size === N, `all ${N} messages (have ${ids().size})`, 20_000);

    expect([...ids()].sort((a, b) => a - b)).toEqual(Array.from({ length: N }, (_, i) => i));
    // QoS 1 allows duplicates; the count only has to cover every id at least once.
    expect(flow.outputs('in').length).toBeGreaterThanOrEqual(N);
    const fills = flow.statuses('in').map((s) => (s.status as NodeStatus | null)?.fill);
    const red = fills.indexOf('red');
    expect(red).toBeGreaterThan(fills.indexOf('green'));
    expect(fills.lastIndexOf('green')).toBeGreaterThan(red);
    expect(flow.errors()).toEqual([]);
  }, 30_000);
});

describe('broker connection', () => {
  it('logs in with user name and password, and shows a refused login in red', async () => {
    const { Aedes } = await import('aedes');
    const broker = await Aedes.createBroker({
      authenticate: (_client, username, password, done) => {
        const ok = username === 'gw' && password?.toString() === 'secret';
        done(ok ? null : Object.assign(new Error('bad credentials'), { returnCode: 4 }), ok);
      },
    });
    const server = createServer(broker.handle);
    const port = await freePort();
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    try {
      h = await runFlow(
        flowOf(
          [
            { id: 'good', type: 'mqtt-in', config: { broker: 'ok', topic: 'x' } },
            { id: 'bad', type: 'mqtt-in', config: { broker: 'nok', topic: 'x' } },
          ],
          [
            brokerNode('ok', `mqtt://127.0.0.1:${port}`, { username: 'gw' }),
            brokerNode('nok', `mqtt://127.0.0.1:${port}`, { username: 'gw' }),
          ],
        ),
        nodes,
        { credentials: { ok: { password: 'secret' }, nok: { password: 'wrong' } } },
      );
      const flow = h;
      await subscribed(flow, 'good');
      await until(() => lastStatus(flow, 'bad')?.fill === 'red', 'a red badge');
      expect(lastStatus(flow, 'bad')).toMatchObject({
        shape: 'dot',
        text: expect.stringMatching(/username or password/i),
      });
    } finally {
      await h?.stop();
      h = undefined;
      await new Promise<void>((r) => broker.close(() => r()));
      server.close();
    }
  });

  it('speaks TLS with a trusted CA file and refuses a broker it cannot verify', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mqtt-tls-'));
    const cert = await selfSignedCertificate(dir);
    const secure = await startMosquitto({ tls: cert });
    try {
      expect(secure.url).toMatch(/^mqtts:/);
      h = await runFlow(
        flowOf(
          [
            { id: 'in', type: 'mqtt-in', config: { broker: 'trusting', topic: 'tls/#' } },
            { id: 'out', type: 'mqtt-out', config: { broker: 'trusting', topic: 'tls/x', qos: 1 } },
            { id: 'doubting', type: 'mqtt-in', config: { broker: 'strict', topic: 'tls/#' } },
          ],
          [
            brokerNode('trusting', secure.url, { protocol: '5', tls: { caFile: cert.certFile } }),
            brokerNode('strict', secure.url, { protocol: '5' }), // system CAs only
          ],
        ),
        nodes,
      );
      const flow = h;
      await subscribed(flow, 'in');
      flow.send('out', { payload: 'over TLS' });
      await until(() => flow.outputs('in').length === 1, 'the message over TLS');
      expect(flow.outputs('in')[0]?.payload).toBe('over TLS');
      await until(() => flow.statuses('doubting').some((s) => /certificate/i.test(s.status?.text ?? '')), 'a refusal');
      expect(flow.statuses('doubting').some((s) => s.status?.fill === 'green')).toBe(false);
    } finally {
      await h?.stop();
      h = undefined;
      await secure.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('connects once a broker that was down comes up', async () => {
    const port = await freePort();
    h = await runFlow(
      flowOf(
        [{ id: 'in', type: 'mqtt-in', config: { broker: 'b', topic: 'late/#' } }],
        [brokerNode('b', `mqtt://127.0.0.1:${port}`)],
      ),
      nodes,
    );
    const flow = h;
    await until(() => lastStatus(flow, 'in')?.fill === 'yellow', 'connecting');
    const { startEmbeddedBroker } = await import('../broker/embedded-broker.js');
    const late = await startEmbeddedBroker({ port });
    try {
      await subscribed(flow, 'in');
    } finally {
      await flow.stop();
      await late.close();
    }
  });
});
