import { once } from 'node:events';
import type { Server } from 'node:http';
import type { ChartEvent, ChartSnapshot, SpcChartData } from '@millwright/model';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { permissionFor } from '../auth/permissions.js';
import { ChartHistory } from '../charts/chart-history.js';
import { EventBus } from '../events/event-bus.js';
import { chartRoutes } from './chart-routes.js';

let server: Server | undefined;
afterEach(async () => {
  if (server) await new Promise((r) => server?.close(r));
  server = undefined;
});

async function serve(bus: EventBus, deployed: Set<string>): Promise<string> {
  const app = express();
  app.use('/api', chartRoutes({ history: new ChartHistory(bus, { isDeployed: (id) => deployed.has(id) }) }));
  server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return `http://127.0.0.1:${address.port}/api/charts`;
}

const point = (nodeId: string, value: number): ChartEvent => ({
  type: 'chart',
  time: value,
  flowId: 'f',
  nodeId,
  kind: 'spc',
  data: { characteristic: 'd', point: value, violations: [] } as unknown as SpcChartData,
});

const get = async (url: string) => {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as ChartSnapshot };
};

describe('GET /api/charts/:nodeId', () => {
  it("answers the node's chart events from the bus, oldest first, and only that node's", async () => {
    const bus = new EventBus();
    const base = await serve(bus, new Set(['qc', 'other']));
    bus.emit(point('qc', 1));
    bus.emit({ type: 'status', time: 1, flowId: 'f', nodeId: 'qc', status: null });
    bus.emit(point('other', 9));
    bus.emit(point('qc', 2));
    const { status, body } = await get(`${base}/qc`);
    expect(status).toBe(200);
    expect(body.nodeId).toBe('qc');
    expect(body.events.map((e) => e.kind === 'spc' && e.data.point)).toEqual([1, 2]);
  });

  it('keeps the newest 200 events per node', async () => {
    const bus = new EventBus();
    const base = await serve(bus, new Set(['qc']));
    for (let i = 1; i <= 250; i++) bus.emit(point('qc', i));
    const { body } = await get(`${base}/qc`);
    expect(body.events).toHaveLength(200);
    expect(body.events[0]?.time).toBe(51);
    expect(body.events.at(-1)?.time).toBe(250);
  });

  it('answers an empty list for a node without chart data, and forgets removed nodes after a deploy', async () => {
    const bus = new EventBus();
    const deployed = new Set(['qc', 'gone']);
    const base = await serve(bus, deployed);
    expect((await get(`${base}/nothing`)).body).toEqual({ nodeId: 'nothing', events: [] });
    bus.emit(point('qc', 1));
    bus.emit(point('gone', 1));
    deployed.delete('gone');
    bus.emit({ type: 'deploy', time: 2, revision: 'r2', mode: 'nodes' });
    expect((await get(`${base}/gone`)).body.events).toEqual([]);
    expect((await get(`${base}/qc`)).body.events).toHaveLength(1);
  });

  it('needs the same permission as the status stream (viewers may read charts)', () => {
    expect(permissionFor('GET', '/charts/qc')).toBe('events:state');
    expect(permissionFor('GET', '/events')).toBe('events:state');
  });
});
