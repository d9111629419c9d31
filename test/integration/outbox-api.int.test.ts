import type { OutboxCommandResponse, OutboxEntriesResponse, OutboxListResponse } from '@millwright/model';
import { startTestRuntime, testFlow, type TestRuntime } from '../../runtime/src/testing/test-runtime.js';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../nodes/enterprise/testing/http-server.js';
import { waitFor } from './runtime-child.js';

let t: TestRuntime | undefined;
let server: TestServer | undefined;
afterEach(async () => {
  await t?.close();
  await server?.close();
  t = undefined;
  server = undefined;
});

describe('outbox admin API on a running runtime', () => {
  it('shows a dead letter of an erp-post running in a flow worker, and replays it through the API', async () => {
    let accept = false;
    server = await startTestServer((_req, res) => {
      res
        .writeHead(accept ? 200 : 400, { 'content-type': 'application/json' })
        .end(accept ? '{"ok":true}' : '{"code":"bad"}');
    });
    t = await startTestRuntime({
      isolation: 'worker',
      nodeModules: ['@millwright/nodes-core', '@millwright/nodes-enterprise'],
    });
    const flow = testFlow(
      'erp',
      [
        ['tick', 'inject', { payloadType: 'json', payload: '{"order":"WO-1"}', once: true, onceDelayMs: 10 }],
        ['post', 'erp-post', { url: server.url }],
      ],
      [['tick', 'post']],
    );
    expect((await t.api('POST', '/api/flows', { flows: [flow] })).status).toBe(200);

    let list: OutboxListResponse | undefined;
    await waitFor(
      async () => {
        list = (await t!.api('GET', '/api/outbox')).body as OutboxListResponse;
        return list.outboxes[0]?.dead === 1;
      },
      'a dead letter',
      10_000,
    );
    expect(list).toMatchObject({ durable: true, outboxes: [{ nodeId: 'post', nodeType: 'erp-post', pending: 0 }] });
    const dead = (await t.api('GET', '/api/outbox/post/dead')).body as OutboxEntriesResponse;
    expect(dead.entries).toMatchObject([{ error: expect.stringContaining('HTTP 400'), attempts: 1 }]);
    const id = dead.entries[0]?.id ?? '';

    accept = true;
    const replay = await t.api('POST', `/api/outbox/post/dead/${id}/replay`);
    expect(replay).toMatchObject({ status: 202, body: { op: 'replay', ids: [id] } satisfies OutboxCommandResponse });
    await waitFor(() => server!.requests.length === 2, 'the replayed request', 5_000);
    await waitFor(
      async () => ((await t!.api('GET', '/api/outbox')).body as OutboxListResponse).outboxes[0]?.dead === 0,
      'the dead letter to be gone',
      5_000,
    );
    expect(server.requests[1]?.body).toBe('{"order":"WO-1"}');
    expect(server.requests[1]?.headers['idempotency-key']).toBe(server.requests[0]?.headers['idempotency-key']);
  });
});
