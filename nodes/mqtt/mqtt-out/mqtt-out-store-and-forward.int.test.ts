import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { journalPath, readOutbox, readStats } from '@millwright/outbox';
import { runFlow, type FlowHarness } from '@millwright/sdk';
import type { MqttClient } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmbeddedBroker, type EmbeddedBroker } from '../broker/embedded-broker.js';
import { nodes } from '../index.js';
import { freePort } from '../testing/brokers.js';
import { brokerNode, flowOf, lastStatus, rawClient, until } from '../testing/flows.js';

let broker: EmbeddedBroker | undefined;
let h: FlowHarness | undefined;
let sub: MqttClient | undefined;
let dataDir: string | undefined;
afterEach(async () => {
  await h?.stop();
  await sub?.endAsync(true);
  await broker?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  h = undefined;
  sub = undefined;
  broker = undefined;
  dataDir = undefined;
});

const outbox = () => join(dataDir ?? '', 'outbox');
const pending = () => readOutbox(outbox(), 'out')?.pending.length ?? 0;

/** An mqtt-out node publishing to `store/t` through aedes on `port`, with its data dir in a temp folder. */
async function start(port: number, config: Record<string, unknown> = {}) {
  dataDir = await mkdtemp(join(tmpdir(), 'mw-mqtt-sf-'));
  const url = `mqtt://127.0.0.1:${port}`;
  h = await runFlow(
    flowOf(
      [{ id: 'out', type: 'mqtt-out', config: { broker: 'b', topic: 'store/t', qos: 1, baseDelayMs: 50, ...config } }],
      [brokerNode('b', url, { reconnectPeriodMs: 300 })],
    ),
    nodes,
    { dataDir },
  );
  return h;
}

async function subscribe(url: string): Promise<string[]> {
  sub = await rawClient(url, '3.1.1');
  const got: string[] = [];
  sub.on('message', (_t, payload) => got.push(payload.toString()));
  await sub.subscribeAsync('store/#', { qos: 1 });
  return got;
}

describe('mqtt-out store-and-forward (aedes)', () => {
  it('queues on disk while the broker is down and publishes in order once it is back', async () => {
    const port = await freePort();
    const flow = await start(port); // nothing listens yet
    for (let i = 0; i < 50; i++) flow.send('out', { payload: i });
    await until(() => pending() === 50, '50 messages journaled');
    await until(() => /50 queued/.test(lastStatus(flow, 'out')?.text ?? ''), 'a queued status');
    expect(lastStatus(flow, 'out')).toMatchObject({ fill: 'red' });

    broker = await startEmbeddedBroker({ port });
    const got = await subscribe(broker.url);
    await until(() => got.length === 50, 'all 50 after the broker came back', 15_000);
    expect(got).toEqual(Array.from({ length: 50 }, (_, i) => String(i)));
    await until(() => pending() === 0, 'an empty journal');
    await until(() => lastStatus(flow, 'out')?.fill === 'green', 'the connected badge');
    expect(flow.errors()).toEqual([]);
    await flow.stop();
    h = undefined;
    expect(readStats(outbox(), 'out')).toEqual({ delivered: 50, replayed: 50, deadLettered: 0, dropped: 0 });
  });

  it('refuses messages beyond maxQueued with outbox_full, routed to catch', async () => {
    const port = await freePort();
    const flow = await start(port, { maxQueued: 5 });
    for (let i = 0; i < 8; i++) flow.send('out', { payload: i });
    await until(() => flow.errors('out').length === 3, 'three refusals');
    expect(flow.errors('out').map((e) => e.error.code)).toEqual(['outbox_full', 'outbox_full', 'outbox_full']);
    expect(pending()).toBe(5);
  });

  it('closes at once while a publish waits for a PUBACK that never comes, keeping it queued', async () => {
    // A broker that takes publishes but never acknowledges them.
    const { Aedes } = await import('aedes');
    const mute = await Aedes.createBroker({ authorizePublish: () => undefined });
    const server = createServer((socket) => mute.handle(socket));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as { port: number }).port;
      const flow = await start(port);
      await until(() => lastStatus(flow, 'out')?.fill === 'green', 'connected');
      flow.send('out', { payload: 'stuck' });
      await until(() => pending() === 1, 'journaled');
      await new Promise((r) => setTimeout(r, 200)); // the publish is out, its PUBACK is not coming
      const t0 = Date.now();
      await flow.stop();
      h = undefined;
      expect(Date.now() - t0).toBeLessThan(2_000);
      expect(pending()).toBe(1); // sent again by the next start
    } finally {
      await new Promise<void>((r) => mute.close(() => r()));
      server.close();
    }
  });

  it('publishes QoS 0 directly (no journal) unless store-and-forward is on', async () => {
    broker = await startEmbeddedBroker({ port: 0 });
    const got = await subscribe(broker.url);
    const flow = await start(broker.port, { qos: 0 });
    await until(() => lastStatus(flow, 'out')?.fill === 'green', 'connected');
    flow.send('out', { payload: 'direct' });
    await until(() => got.length === 1, 'the message');
    expect(existsSync(journalPath(outbox(), 'out'))).toBe(false);
  });
});
