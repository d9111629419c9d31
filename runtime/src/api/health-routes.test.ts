import type { Server } from 'node:http';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import type { FlowManager, FlowState } from '../engine/flow-manager.js';
import type { RuntimeMetrics } from '../metrics/runtime-metrics.js';
import { healthRoutes } from './health-routes.js';

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

/** Serves healthRoutes over a manager that reports the given states. */
async function healthOf(states: FlowState[]): Promise<{ status: number; body: unknown }> {
  const manager = { states: () => states } as unknown as FlowManager;
  const metrics = { contentType: 'text/plain', render: async () => '' } as unknown as RuntimeMetrics;
  const app = express().use(healthRoutes({ manager, metrics }));
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server!.once('listening', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const res = await fetch(`http://127.0.0.1:${port}/healthz`);
  return { status: res.status, body: await res.json() };
}

describe('GET /healthz', () => {
  it('is ok while flows run or restart', async () => {
    const states: FlowState[] = [
      { flowId: 'a', state: 'running', restarts: 0 },
      { flowId: 'b', state: 'restarting', restarts: 2 },
    ];
    expect(await healthOf(states)).toEqual({ status: 200, body: { status: 'ok', flows: states } });
  });

  it('is degraded (still 200) while a running flow has nodes that could not start', async () => {
    const states: FlowState[] = [
      { flowId: 'a', state: 'running', restarts: 0 },
      {
        flowId: 'b',
        state: 'running',
        restarts: 0,
        faults: [{ nodeId: 'fn', type: 'function', code: 'function_syntax_error', message: 'does not compile' }],
      },
    ];
    expect(await healthOf(states)).toEqual({ status: 200, body: { status: 'degraded', flows: states } });
  });

  it('answers 503 when a flow crashed and is not restarting', async () => {
    const states: FlowState[] = [
      { flowId: 'a', state: 'running', restarts: 0 },
      { flowId: 'b', state: 'crashed', restarts: 5 },
    ];
    expect(await healthOf(states)).toEqual({ status: 503, body: { status: 'failing', flows: states } });
  });
});
