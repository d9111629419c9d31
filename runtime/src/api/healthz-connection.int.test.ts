import { writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConnectionEvent, Flow, RuntimeEvent } from '@millwright/model';
import { startEmbeddedBroker, type EmbeddedBroker } from '@millwright/nodes-mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_NODE_MODULES } from '../registry/load-node-modules.js';
import { startTestRuntime, waitForEvent, type TestRuntime } from '../testing/test-runtime.js';

let t: TestRuntime | undefined;
let broker: EmbeddedBroker | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
  await broker?.close();
  broker = undefined;
});

interface Health {
  status: string;
  reasons: Array<{ code: string; flowId: string; nodeId?: string; message: string; since?: number }>;
  connections: Array<{ nodeId: string; up: boolean; target: string; downSince?: number }>;
}

/** `millwright_connection_up` of the broker in /metrics, or undefined. */
async function connectionUp(port: number): Promise<number | undefined> {
  const { text } = await t!.api('GET', '/metrics');
  const prefix = `millwright_connection_up{flow="line1",node="broker",type="mqtt-broker",target="mqtt://127.0.0.1:${port}"}`;
  const line = text.split('\n').find((l) => l.startsWith(prefix));
  return line === undefined ? undefined : Number(line.slice(prefix.length));
}

/** Polls /healthz until `pred` holds; fails with the last answer after `timeoutMs`. */
async function healthUntil(
  pred: (h: Health, httpStatus: number) => boolean,
  timeoutMs = 15_000,
): Promise<{ body: Health; status: number }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { status, body } = await t!.api('GET', '/healthz');
    if (pred(body as Health, status)) return { body: body as Health, status };
    if (Date.now() > deadline) throw new Error(`/healthz never matched; last: ${status} ${JSON.stringify(body)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** An mqtt-in node on a broker config node, with user name and password in the URL. */
function mqttFlow(port: number, required?: boolean): Flow {
  return {
    version: 1,
    id: 'line1',
    name: 'line 1',
    nodes: [
      {
        id: 'in',
        type: 'mqtt-in',
        typeVersion: 1,
        config: { broker: 'broker', topic: 'plant/line1/#' },
        position: { x: 0, y: 0 },
      },
    ],
    wires: [],
    configs: [
      {
        id: 'broker',
        type: 'mqtt-broker',
        typeVersion: 1,
        config: {
          url: `mqtt://line1:s3cret@127.0.0.1:${port}`,
          reconnectPeriodMs: 200,
          ...(required !== undefined ? { required } : {}),
        },
      },
    ],
  };
}

/** A runtime running `flow` in worker threads, with the given `health` settings in settings.json. */
async function startWith(flow: Flow, health: Record<string, unknown>): Promise<TestRuntime> {
  const dataDir = await mkdtemp(join(tmpdir(), 'mw-healthz-'));
  await writeFile(join(dataDir, 'settings.json'), JSON.stringify({ health }));
  return startTestRuntime({ dataDir, nodeModules: DEFAULT_NODE_MODULES, isolation: 'worker', flows: [flow] });
}

const isConnection =
  (state: ConnectionEvent['state']) =>
  (e: RuntimeEvent): e is ConnectionEvent =>
    e.type === 'connection' && e.nodeId === 'broker' && e.state === state;

describe('/healthz and a required MQTT broker connection (real aedes broker)', () => {
  it('is degraded after the grace period while the broker is down, naming it without credentials, and ok once it is back', async () => {
    broker = await startEmbeddedBroker({ port: 0 });
    const port = broker.port;
    t = await startWith(mqttFlow(port), { connectionGraceMs: 1_000, failOn: 'degraded' });
    await waitForEvent(t, isConnection('connected'), 10_000);
    expect(await healthUntil((h) => h.status === 'ok')).toMatchObject({
      status: 200,
      body: { reasons: [], connections: [{ nodeId: 'broker', up: true, target: `mqtt://127.0.0.1:${port}` }] },
    });
    expect(await connectionUp(port)).toBe(1);

    const lost = Date.now();
    await broker.close();
    const down = await waitForEvent(t, isConnection('disconnected'), 10_000);
    expect(down.target).toBe(`mqtt://127.0.0.1:${port}`); // the event stream does not carry the password either
    // Within the grace period a reconnect is not worth a page.
    const early = await t.api('GET', '/healthz');
    expect(early.status).toBe(200);
    expect((early.body as Health).status).toBe('ok');
    // /healthz lists it as down and /metrics shows it without waiting for the grace period.
    const listed = await healthUntil((h) => h.connections.some((c) => !c.up));
    expect(listed.body.connections).toMatchObject([{ nodeId: 'broker', up: false, downSince: expect.any(Number) }]);
    expect(await connectionUp(port)).toBe(0);

    const { status, body } = await healthUntil((h) => h.status === 'degraded');
    expect(Date.now() - lost).toBeGreaterThanOrEqual(1_000);
    expect(status).toBe(503); // failOn: degraded
    expect(body.reasons).toEqual([
      expect.objectContaining({ code: 'connection_down', flowId: 'line1', nodeId: 'broker' }),
    ]);
    const reason = body.reasons[0]!;
    expect(reason.message).toContain(
      `mqtt-broker "broker" in flow "line1" is not connected to mqtt://127.0.0.1:${port} since`,
    );
    expect(reason.message).not.toContain('s3cret');
    expect(reason.since).toBeGreaterThanOrEqual(lost - 50);

    broker = await startEmbeddedBroker({ port });
    expect(await healthUntil((h) => h.status === 'ok')).toMatchObject({ status: 200, body: { reasons: [] } });
    expect(await connectionUp(port)).toBe(1);
  });

  it('reports a broker that was never reachable once the grace period after the deploy is over', async () => {
    broker = await startEmbeddedBroker({ port: 0 });
    const port = broker.port;
    await broker.close();
    broker = undefined;
    t = await startWith(mqttFlow(port), { connectionGraceMs: 500 });
    const { status, body } = await healthUntil((h) => h.status === 'degraded');
    expect(status).toBe(200); // failOn defaults to failing
    expect(body.reasons).toMatchObject([{ code: 'connection_down', nodeId: 'broker' }]);
  });

  it('does not report a connection marked not required', async () => {
    broker = await startEmbeddedBroker({ port: 0 });
    const port = broker.port;
    await broker.close();
    broker = undefined;
    t = await startWith(mqttFlow(port, false), { connectionGraceMs: 0 });
    await waitForEvent(t, isConnection('disconnected'), 10_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(await t.api('GET', '/healthz')).toMatchObject({ status: 200, body: { status: 'ok', reasons: [] } });
  });
});
