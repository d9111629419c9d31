import type { Server } from 'node:http';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { EventBus } from '../events/event-bus.js';
import { FlowHealth, type FlowHealthOptions, type HealthSettings } from '../engine/flow-health.js';
import type { FlowState } from '../engine/flow-manager.js';
import type { RuntimeMetrics } from '../metrics/runtime-metrics.js';
import { healthRoutes } from './health-routes.js';

let server: Server | undefined;
let health: FlowHealth | undefined;
afterEach(async () => {
  health?.close();
  health = undefined;
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

/**
 * Serves healthRoutes over a manager that reports the given states (and no queue counters), with
 * a real event bus for connection and crash events.
 */
async function healthOf(
  states: FlowState[],
  settings: HealthSettings = {},
  bus = new EventBus(),
): Promise<{ status: number; body: { status: string; flows: FlowState[]; reasons: Array<Record<string, unknown>> } }> {
  const manager: FlowHealthOptions['manager'] = {
    states: () => states,
    flowStats: () => Promise.resolve({}),
    nodeType: () => undefined,
  };
  health ??= new FlowHealth({ manager, bus, settings });
  const metrics = { contentType: 'text/plain', render: async () => '' } as unknown as RuntimeMetrics;
  // The server outlives a FlowHealth a test replaces: it always asks the current one.
  const current = { check: () => health!.check() } as FlowHealth;
  const app = express().use(healthRoutes({ health: current, metrics }));
  server ??= app.listen(0, '127.0.0.1');
  if (!server.listening) await new Promise((resolve) => server!.once('listening', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const res = await fetch(`http://127.0.0.1:${port}/healthz`);
  return { status: res.status, body: (await res.json()) as never };
}

/** The next healthOf builds a new FlowHealth (other states or settings). */
function renew(): void {
  health?.close();
  health = undefined;
}

const faulty: FlowState = {
  flowId: 'b',
  state: 'running',
  restarts: 0,
  faults: [{ nodeId: 'fn', type: 'function', code: 'function_syntax_error', message: 'does not compile' }],
};
const crashed: FlowState = { flowId: 'c', state: 'crashed', restarts: 5 };

describe('GET /healthz', () => {
  it('is ok while flows run or restart', async () => {
    const states: FlowState[] = [
      { flowId: 'a', state: 'running', restarts: 0 },
      { flowId: 'b', state: 'restarting', restarts: 2 },
    ];
    expect(await healthOf(states)).toEqual({
      status: 200,
      body: { status: 'ok', flows: states, reasons: [], connections: [] },
    });
  });

  it('is degraded (still 200) while a running flow has nodes that could not start, and says which', async () => {
    const states: FlowState[] = [{ flowId: 'a', state: 'running', restarts: 0 }, faulty];
    expect(await healthOf(states)).toEqual({
      status: 200,
      body: {
        status: 'degraded',
        flows: states,
        reasons: [
          {
            code: 'node_fault',
            severity: 'degraded',
            flowId: 'b',
            nodeId: 'fn',
            message: 'node "fn" (function) in flow "b" did not start: does not compile (function_syntax_error)',
          },
        ],
        connections: [],
      },
    });
  });

  it('answers 503 when a flow crashed and is not restarting', async () => {
    const states: FlowState[] = [{ flowId: 'a', state: 'running', restarts: 0 }, crashed];
    const { status, body } = await healthOf(states);
    expect(status).toBe(503);
    expect(body.status).toBe('failing');
    expect(body.reasons).toMatchObject([{ code: 'flow_crashed', severity: 'failing', flowId: 'c' }]);
  });

  it('answers 503 for degraded too with failOn "degraded", and never with failOn "never"', async () => {
    expect((await healthOf([faulty], { failOn: 'degraded' })).status).toBe(503);
    renew();
    expect(await healthOf([{ flowId: 'a', state: 'running', restarts: 0 }], { failOn: 'degraded' })).toMatchObject({
      status: 200,
      body: { status: 'ok' },
    });
    renew();
    expect(await healthOf([crashed, faulty], { failOn: 'never' })).toMatchObject({
      status: 200,
      body: { status: 'failing' },
    });
  });

  it('reports a required connection down past the grace period, naming it, and not an optional one', async () => {
    const bus = new EventBus();
    const states: FlowState[] = [{ flowId: 'a', state: 'running', restarts: 0 }];
    expect((await healthOf(states, { connectionGraceMs: 1_000 }, bus)).body.status).toBe('ok');
    const since = Date.now() - 5_000;
    const down = {
      type: 'connection',
      flowId: 'a',
      nodeType: 'mqtt-broker',
      state: 'disconnected',
      message: 'ECONNREFUSED',
    } as const;
    bus.emit({ ...down, time: since, nodeId: 'broker', target: 'mqtt://plc:1883', required: true });
    bus.emit({ ...down, time: since, nodeId: 'spare', target: 'mqtt://spare:1883', required: false });
    // A later reconnect attempt does not move the start of the outage.
    bus.emit({ ...down, time: Date.now(), nodeId: 'broker', target: 'mqtt://plc:1883', required: true });
    const { status, body } = await healthOf(states, {}, bus);
    expect(status).toBe(200);
    expect(body.status).toBe('degraded');
    expect(body.reasons).toEqual([
      {
        code: 'connection_down',
        severity: 'degraded',
        flowId: 'a',
        nodeId: 'broker',
        since,
        message: expect.stringContaining(
          `mqtt-broker "broker" in flow "a" is not connected to mqtt://plc:1883 since ${new Date(since).toISOString()}`,
        ),
      },
    ]);
    expect(body.reasons[0]!['message']).toContain('ECONNREFUSED');

    bus.emit({
      ...down,
      state: 'connected',
      time: Date.now(),
      nodeId: 'broker',
      target: 'mqtt://plc:1883',
      required: true,
    });
    expect((await healthOf(states, {}, bus)).body.status).toBe('ok');
  });
});
