import { scheduleXml, defaultWorkOrders } from '@millwright/sim-erp';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestRuntime, testFlow, type TestRuntime } from '../../runtime/src/testing/test-runtime.js';

let t: TestRuntime | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('http-in endpoints on a running runtime', () => {
  it.each(['worker', 'in-process'] as const)(
    'lets an ERP push a B2MML work order schedule into a flow (%s), and answers it',
    async (isolation) => {
      t = await startTestRuntime({
        isolation,
        nodeModules: ['@millwright/nodes-core', '@millwright/nodes-enterprise'],
      });
      const flow = testFlow(
        'erp-in',
        [
          ['in', 'http-in', { method: 'POST', path: '/work-orders' }],
          ['read', 'isa95-map', { direction: 'b2mml-to-json', document: 'ProcessOperationsSchedule' }],
          ['answer', 'http-response', { statusCode: 202 }],
        ],
        [
          ['in', 'read'],
          ['read', 'answer'],
        ],
      );
      const deployed = await t.api('POST', '/api/flows', { flows: [flow] });
      expect(deployed.status, deployed.text).toBe(200);

      const res = await fetch(`${t.url}/http/work-orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/xml' },
        body: scheduleXml(defaultWorkOrders(Date.UTC(2024, 4, 1))),
      });
      expect(res.status).toBe(202);
      const doc = (await res.json()) as {
        verb: string;
        noun: string;
        items: Array<{ requests: Array<{ id: string }> }>;
      };
      expect([doc.verb, doc.noun]).toEqual(['Process', 'OperationsSchedule']);
      expect(doc.items[0]?.requests.map((r) => r.id)).toEqual(['WO-1001', 'WO-1002', 'WO-1003']);

      expect((await fetch(`${t.url}/http/work-orders`)).status).toBe(404); // GET: no node for it
    },
  );
});
