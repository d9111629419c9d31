import { createServer } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ErrorEvent } from '@millwright/model';
import { readOutbox, submitCommand } from '@millwright/outbox';
import { testNode, type NodeHarness } from '@millwright/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_CONFINEMENT } from '../testing/confinement.js';
import { json, startTestServer, type TestServer } from '../testing/http-server.js';
import httpRequest from './index.js';

const NODE = 'node-under-test';
let harnesses: NodeHarness[] = [];
let server: TestServer | undefined;
let dataDir: string | undefined;
afterEach(async () => {
  for (const h of harnesses) await h.stop();
  harnesses = [];
  await server?.close();
  server = undefined;
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  dataDir = undefined;
});

const freePort = () =>
  new Promise<number>((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const a = srv.address();
      srv.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
const until = async (check: () => boolean, what: string, ms = 5_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};
async function start(config: Record<string, unknown>) {
  dataDir ??= await mkdtemp(join(tmpdir(), 'mw-http-sf-'));
  const h = await testNode(httpRequest, {
    confinement: TEST_CONFINEMENT,
    config: { baseDelayMs: 20, maxDelayMs: 100, jitter: false, ...config },
    dataDir,
  });
  harnesses.push(h);
  return h;
}
const outbox = () => join(dataDir ?? '', 'outbox');

describe('http-request store-and-forward', () => {
  it('queues POSTs on disk while the server is down and sends them in order when it is back', async () => {
    const port = await freePort();
    const h = await start({ method: 'POST', url: `http://127.0.0.1:${port}/readings` });
    for (let i = 0; i < 20; i++) h.input({ payload: { i }, topic: `t${i}` });
    await until(() => readOutbox(outbox(), NODE)?.pending.length === 20, '20 journaled');
    await until(() => (h.statuses().at(-1)?.status?.text ?? '').includes('cannot reach'), 'the error status');
    expect(h.statuses().at(-1)?.status).toMatchObject({ fill: 'red', text: expect.stringMatching(/^20 queued/) });

    server = await startTestServer((req, res) => json(res, 201, { got: JSON.parse(req.body) as unknown }), { port });
    const outs = await h.next(20, { timeoutMs: 5_000 });
    expect(server.requests.map((r) => r.body)).toEqual(Array.from({ length: 20 }, (_, i) => `{"i":${i}}`));
    expect(outs.map((o) => o.topic)).toEqual(Array.from({ length: 20 }, (_, i) => `t${i}`));
    expect(outs[0]).toMatchObject({ statusCode: 201, payload: { got: { i: 0 } } });
    expect(readOutbox(outbox(), NODE)?.pending).toEqual([]);
  });

  it('retries 503 and 429, dead-letters a 422 at once, and a replay command sends it again', async () => {
    let answer = 503;
    server = await startTestServer((_req, res) => json(res, answer, { answer }));
    const h = await start({ method: 'PUT', url: server.url });
    h.input({ payload: 'a' });
    await until(() => server!.requests.length >= 2, 'two attempts');
    answer = 429;
    await until(() => server!.requests.length >= 3, 'three attempts');
    answer = 422;
    const dead = (await h.waitForEvent(
      (e): e is ErrorEvent => e.type === 'error' && (e as ErrorEvent).error.code === 'http_dead_letter',
      3_000,
    )) as ErrorEvent;
    expect(dead.error).toMatchObject({ kind: 'user', message: expect.stringContaining('HTTP 422') });
    const [letter] = readOutbox(outbox(), NODE)?.dead ?? [];
    expect(letter?.request).toMatchObject({ method: 'PUT', body: 'a' });

    answer = 200;
    submitCommand(outbox(), NODE, { op: 'replay', ids: [letter?.id ?? ''] });
    const [out] = await h.next(1, { timeoutMs: 3_000 });
    expect(out).toMatchObject({ statusCode: 200, payload: { answer: 200 } });
  });

  it('leaves GET alone by default (errors go to catch at once) and queues it when forced on', async () => {
    const port = await freePort();
    const get = await start({ url: `http://127.0.0.1:${port}/x` });
    get.input({});
    const e = (await get.waitForEvent((ev): ev is ErrorEvent => ev.type === 'error', 3_000)) as ErrorEvent;
    expect(e.error.code).toBe('http_connection_failed');
    await get.stop();
    harnesses = [];
    const forced = await start({ url: `http://127.0.0.1:${port}/x`, storeAndForward: 'on' });
    forced.input({});
    await until(() => readOutbox(outbox(), NODE)?.pending.length === 1, 'the GET journaled');
  });
});
