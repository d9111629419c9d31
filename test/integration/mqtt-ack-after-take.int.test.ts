import type { Flow } from '@millwright/model';
import { rawClient } from '../../nodes/mqtt/testing/flows.js';
import { startMosquitto, type Mosquitto } from '../../nodes/mqtt/testing/brokers.js';
import type { MqttClient } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../../runtime/src/testing/test-runtime.js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnRuntime, waitFor, type RuntimeChild } from './runtime-child.js';

// Issue 13, ack after take: 10,000 numbered QoS 1 messages go into mqtt-in -> function -> mqtt-out
// through Debian's mosquitto; mid-stream the flow's host process is killed (SIGKILL), or mosquitto
// restarts. Every number must come out (at least once); duplicates are counted and reported.
export const COUNT = 10_000;

let t: TestRuntime | undefined;
let broker: Mosquitto | undefined;
const clients: MqttClient[] = [];
const runtimes: RuntimeChild[] = [];
let dir: string | undefined;
afterEach(async () => {
  for (const r of runtimes.splice(0)) r.kill();
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
  await Promise.all(clients.splice(0).map((c) => c.endAsync(true).catch(() => undefined)));
  await t?.close();
  t = undefined;
  await broker?.stop();
  broker = undefined;
});

/** mqtt-in (QoS 1, `in/#`) -> function -> mqtt-out (QoS 1, `out`), everything else default. */
export function relayFlow(url: string): Flow {
  return {
    version: 1,
    id: 'relay',
    name: 'relay',
    configs: [
      {
        id: 'relay-broker',
        type: 'mqtt-broker',
        typeVersion: 1,
        config: { url, protocol: '5', reconnectPeriodMs: 200 },
      },
    ],
    nodes: [
      { id: 'relay-in', type: 'mqtt-in', config: { broker: 'relay-broker', topic: 'in/#', qos: 1 } },
      {
        id: 'relay-fn',
        type: 'function',
        // About 1 ms of work per message: slower than the publisher, so messages pile up in the
        // flow (where a kill would lose them if they had been acknowledged on arrival).
        config: {
          code: 'const end = Date.now() + 1;\nwhile (Date.now() < end);\nmsg.payload = { n: msg.payload.n, via: "relay" };\nreturn msg;',
        },
      },
      {
        id: 'relay-out',
        type: 'mqtt-out',
        // Without its disk queue: the messages must wait in mqtt-in's broker session, not in mqtt-out's.
        config: { broker: 'relay-broker', topic: 'out', qos: 1, storeAndForward: 'off' },
      },
    ].map((n, i) => ({ typeVersion: 1, position: { x: i * 150, y: 0 }, ...n })),
    wires: [
      { from: { node: 'relay-in', port: 0 }, to: { node: 'relay-fn', port: 0 } },
      { from: { node: 'relay-fn', port: 0 }, to: { node: 'relay-out', port: 0 } },
    ],
  };
}

/** Counts what arrives on `out`, through a persistent session so a broker restart loses nothing. */
export async function collector(url: string): Promise<{ seen: Map<number, number>; total: () => number }> {
  const seen = new Map<number, number>();
  let total = 0;
  const client = await rawClient(url, '3.1.1', { clientId: `check_${process.pid}`, clean: false });
  clients.push(client);
  client.on('message', (_topic, payload) => {
    const n = (JSON.parse(payload.toString()) as { n: number }).n;
    seen.set(n, (seen.get(n) ?? 0) + 1);
    total++;
  });
  await client.subscribeAsync('out', { qos: 1 });
  return { seen, total: () => total };
}

/** Publishes 1..COUNT at QoS 1; mqtt.js keeps what the broker has not acknowledged and resends it. */
export async function publishAll(url: string): Promise<void> {
  const pub = await rawClient(url, '3.1.1', { clientId: `pub_${process.pid}`, clean: false });
  clients.push(pub);
  for (let n = 1; n <= COUNT; n++) {
    // Not awaited one by one (that would be one round trip per message); in windows of 200.
    const sent = pub.publishAsync(`in/line1`, JSON.stringify({ n }), { qos: 1 });
    if (n % 200 === 0) await sent;
  }
}

export function report(seen: Map<number, number>, total: number): { lost: number[]; duplicates: number } {
  const lost: number[] = [];
  for (let n = 1; n <= COUNT; n++) if (!seen.has(n)) lost.push(n);
  return { lost, duplicates: total - seen.size };
}

describe('mqtt-in acknowledges after take (10,000 QoS 1 messages)', () => {
  it('loses nothing when the flow host is killed (SIGKILL) mid-stream', { timeout: 120_000 }, async () => {
    broker = await startMosquitto();
    t = await startTestRuntime({
      isolation: 'pool',
      nodeModules: ['@millwright/nodes-core', '@millwright/nodes-mqtt'],
    });
    expect((await t.api('POST', '/api/flows', { flows: [relayFlow(broker.url)] })).status).toBe(200);
    const out = await collector(broker.url);
    await waitFor(async () => (await t!.api('GET', '/healthz')).status === 200, 'the flow to run', 20_000);
    // The subscription is on once a first message comes through.
    const probe = await rawClient(broker.url, '3.1.1');
    clients.push(probe);
    await waitFor(
      async () => {
        await probe.publishAsync('in/probe', JSON.stringify({ n: 0 }), { qos: 1 });
        return out.seen.has(0);
      },
      'the relay to pass a first message',
      20_000,
    );

    const [host] = t.runtime.manager.hostProcesses();
    expect(host).toBeDefined();
    const publishing = publishAll(broker.url);
    await waitFor(() => out.seen.size >= 2_000, '2,000 messages relayed', 60_000);
    const killedAt = out.seen.size;
    process.kill(host!.pid, 'SIGKILL');
    await publishing;
    await waitFor(() => report(out.seen, out.total()).lost.length === 0, 'every message at the output', 90_000).catch(
      () => undefined,
    );
    const { lost, duplicates } = report(out.seen, out.total());
    console.log(
      `ack-after-take, host SIGKILL at ${killedAt} relayed: ${COUNT} sent, ${lost.length} lost, ${duplicates} duplicates`,
    );
    expect(killedAt).toBeGreaterThan(0);
    expect(lost.slice(0, 20)).toEqual([]);
  });

  it('loses nothing when mosquitto restarts mid-stream', { timeout: 120_000 }, async () => {
    broker = await startMosquitto();
    t = await startTestRuntime({
      isolation: 'pool',
      nodeModules: ['@millwright/nodes-core', '@millwright/nodes-mqtt'],
    });
    expect((await t.api('POST', '/api/flows', { flows: [relayFlow(broker.url)] })).status).toBe(200);
    const out = await collector(broker.url);
    const probe = await rawClient(broker.url, '3.1.1');
    clients.push(probe);
    await waitFor(
      async () => {
        await probe.publishAsync('in/probe', JSON.stringify({ n: 0 }), { qos: 1 });
        return out.seen.has(0);
      },
      'the relay to pass a first message',
      20_000,
    );
    const publishing = publishAll(broker.url);
    await waitFor(() => out.seen.size >= 2_000, '2,000 messages relayed', 60_000);
    const restartedAt = out.seen.size;
    await broker.restart(500);
    await publishing;
    await waitFor(() => report(out.seen, out.total()).lost.length === 0, 'every message at the output', 90_000).catch(
      () => undefined,
    );
    const { lost, duplicates } = report(out.seen, out.total());
    console.log(
      `ack-after-take, mosquitto restart at ${restartedAt} relayed: ${COUNT} sent, ${lost.length} lost, ${duplicates} duplicates`,
    );
    expect(restartedAt).toBeGreaterThan(0);
    expect(lost.slice(0, 20)).toEqual([]);
  });

  it('loses nothing when the runtime main process is killed (SIGKILL) mid-stream', { timeout: 150_000 }, async () => {
    broker = await startMosquitto();
    dir = await mkdtemp(join(tmpdir(), 'mw-ack-after-take-'));
    const flowFile = join(dir, 'relay.flow.json');
    await writeFile(flowFile, JSON.stringify(relayFlow(broker.url)));
    const run = () => {
      const r = spawnRuntime(['run', flowFile, '--data-dir', join(dir!, 'data')]);
      runtimes.push(r);
      return r;
    };
    const out = await collector(broker.url);
    const first = run();
    const probe = await rawClient(broker.url, '3.1.1');
    clients.push(probe);
    await waitFor(
      async () => {
        await probe.publishAsync('in/probe', JSON.stringify({ n: 0 }), { qos: 1 });
        return out.seen.has(0);
      },
      `the relay to pass a first message; runtime output:\n${first.output()}`,
      30_000,
    );
    const publishing = publishAll(broker.url);
    await waitFor(() => out.seen.size >= 2_000, '2,000 messages relayed', 60_000);
    const killedAt = out.seen.size;
    first.kill();
    expect(await first.exited).toBe('SIGKILL');
    await publishing;
    const second = run();
    await waitFor(
      () => report(out.seen, out.total()).lost.length === 0,
      `every message at the output; runtime output:\n${second.output().slice(-2_000)}`,
      90_000,
    ).catch(() => undefined);
    const { lost, duplicates } = report(out.seen, out.total());
    console.log(
      `ack-after-take, runtime SIGKILL at ${killedAt} relayed: ${COUNT} sent, ${lost.length} lost, ${duplicates} duplicates`,
    );
    expect(lost.slice(0, 20)).toEqual([]);
  });
});
