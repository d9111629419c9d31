import type { TraceResult } from '@millwright/nodes-mes';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestRuntime, testFlow, waitForEvent, type TestRuntime } from '../testing/test-runtime.js';

let t: TestRuntime | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('trace API over a genealogy written by a worker thread', () => {
  it('trace-record in a flow worker writes <dataDir>/genealogy.jsonl; the runtime serves its trace (the MES family route)', async () => {
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

    // The MES family's route, which the runtime mounts from the registry.
    const res = await t.api('GET', '/api/trace/F-1');
    const body = res.body as TraceResult;
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ lot: 'F-1', found: true, lots: ['B-1', 'K-1'] });
    expect(body.tree.children[0]?.workOrders).toEqual(['WO-1']);
  });
});
