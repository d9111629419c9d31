import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { GENEALOGY_FILE, type TraceResult } from '@millwright/nodes-mes';
import express from 'express';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestRuntime, testFlow, waitForEvent, type TestRuntime } from '../testing/test-runtime.js';
import { errorHandler } from './error-handler.js';
import { traceRoutes } from './trace-routes.js';

let t: TestRuntime | undefined;
let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  server = undefined;
  await t?.close();
  t = undefined;
});

describe('trace API over a genealogy written by a worker thread', () => {
  it('trace-record in a flow worker writes <dataDir>/genealogy.jsonl; the main thread traces it', async () => {
    t = await startTestRuntime({
      isolation: 'worker',
      nodeModules: ['@millwright/nodes-core', '@millwright/nodes-mes'],
    });
    const event = { producedLot: 'F-1', workOrder: 'WO-1', consumed: [{ lot: 'B-1' }, { lot: 'K-1' }] };
    const flow = testFlow(
      'genealogy',
      [
        ['inj', 'inject', { payloadType: 'json', payload: JSON.stringify(event) }],
        ['rec', 'trace-record', {}],
        ['dbg', 'debug', {}],
      ],
      [
        ['inj', 'rec'],
        ['rec', 'dbg'],
      ],
    );
    expect((await t.api('POST', '/api/flows', { flows: [flow] })).status).toBeLessThan(300);
    await waitForEvent(t, (e): e is typeof e => e.type === 'flow-state' && 'state' in e && e.state === 'running');
    expect((await t.api('POST', '/api/inject/inj')).status).toBeLessThan(300);
    await waitForEvent(t, (e): e is typeof e => e.type === 'debug' && e.nodeId === 'dbg');

    const app = express();
    app.use('/api', traceRoutes({ storePath: join(t.dataDir, GENEALOGY_FILE) }));
    app.use(errorHandler(pino({ level: 'silent' }), '1mb'));
    server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server?.once('listening', r));
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/trace/F-1`);
    const body = (await res.json()) as TraceResult;
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ lot: 'F-1', found: true, lots: ['B-1', 'K-1'] });
    expect(body.tree.children[0]?.workOrders).toEqual(['WO-1']);
  });
});
